package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.anAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.TransitionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ActionStore} must do. Subclasses return a new, empty store. */
public abstract class ActionStoreContract {
    protected abstract ActionStore newStore();

    private ActionStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private Action created(String id) {
        Action a = anAction().withId(id).build();
        store.create(TENANT_A, a);
        return a;
    }

    @Test
    void create_thenGet_returnsTheAction() {
        Action a = created("a-1");

        assertThat(store.get(TENANT_A, "a-1")).contains(a);
        assertThat(store.get(TENANT_A, "a-2")).isEmpty();
    }

    @Test
    void create_rejectsAnExistingIdWithConflict() {
        created("a-1");

        assertThatThrownBy(() -> store.create(TENANT_A, anAction().withId("a-1").withHandler("other").build()))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.get(TENANT_A, "a-1").orElseThrow().handler()).isNotEqualTo("other");
    }

    @Test
    void reads_neverSeeAnotherTenantsActions() {
        Action a = created("a-1");

        assertThat(store.get(TENANT_B, "a-1")).isEmpty();
        assertThat(store.query(TENANT_B, ActionQuery.all(), PageRequest.firstPage()).items()).isEmpty();
        assertThat(store.count(TENANT_B, ActionQuery.all())).isZero();
        assertThat(store.update(TENANT_B, a.movedTo(ActionState.PREFLIGHT, T0, 2), 1, 0))
                .isInstanceOf(TransitionOutcome.Missing.class);
        assertThat(store.get(TENANT_A, "a-1")).contains(a);
    }

    @Test
    void update_appliesWhenTheRevisionMatches() {
        Action a = created("a-1");
        Action next = a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(1), 2);

        TransitionOutcome outcome = store.update(TENANT_A, next, a.revision(), 0);

        assertThat(outcome).isEqualTo(new TransitionOutcome.Applied(next));
        assertThat(store.get(TENANT_A, "a-1")).contains(next);
    }

    @Test
    void update_withAStaleRevision_isARevisionConflictCarryingTheCurrentAction() {
        Action a = created("a-1");
        Action first = a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(1), 2);
        store.update(TENANT_A, first, a.revision(), 0);

        TransitionOutcome outcome = store.update(TENANT_A, a.movedTo(ActionState.CANCELLED, T0.plusSeconds(2), 2),
                a.revision(), 0);

        assertThat(outcome).isEqualTo(new TransitionOutcome.RevisionConflict(first));
        assertThat(store.get(TENANT_A, "a-1")).contains(first);
    }

    @Test
    void update_ofAMissingAction_isMissing() {
        assertThat(store.update(TENANT_A, anAction().withId("nope").build(), 1, 0))
                .isInstanceOf(TransitionOutcome.Missing.class);
        assertThat(store.get(TENANT_A, "nope")).isEmpty();
    }

    @Test
    void update_withALowerFencingTokenThanAnEarlierUpdate_isFencedOut() {
        Action a = created("a-1");
        Action byNewHolder = a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(1), 2);
        store.update(TENANT_A, byNewHolder, a.revision(), 7);

        TransitionOutcome outcome = store.update(TENANT_A, byNewHolder.movedTo(ActionState.PLANNED, T0, 3),
                byNewHolder.revision(), 6);

        assertThat(outcome).isEqualTo(new TransitionOutcome.FencedOut(7));
        assertThat(store.get(TENANT_A, "a-1")).contains(byNewHolder);
    }

    @Test
    void update_withoutAToken_isFencedOutOnceATokenWasSeen() {
        Action a = created("a-1");
        Action locked = a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(1), 2);
        store.update(TENANT_A, locked, a.revision(), 3);

        assertThat(store.update(TENANT_A, locked.movedTo(ActionState.CANCELLED, T0, 3), locked.revision(), 0))
                .isEqualTo(new TransitionOutcome.FencedOut(3));
    }

    @Test
    void update_acceptsTheSameOrAHigherToken() {
        Action a = created("a-1");
        Action second = a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(1), 2);
        Action third = second.movedTo(ActionState.PLANNED, T0.plusSeconds(2), 3);
        Action fourth = third.movedTo(ActionState.APPROVED, T0.plusSeconds(3), 4);

        assertThat(store.update(TENANT_A, second, a.revision(), 5)).isInstanceOf(TransitionOutcome.Applied.class);
        assertThat(store.update(TENANT_A, third, second.revision(), 5)).isInstanceOf(TransitionOutcome.Applied.class);
        assertThat(store.update(TENANT_A, fourth, third.revision(), 9)).isInstanceOf(TransitionOutcome.Applied.class);
        assertThat(store.update(TENANT_A, fourth.movedTo(ActionState.IN_PROGRESS, T0, 5), fourth.revision(), 5))
                .isEqualTo(new TransitionOutcome.FencedOut(9));
    }

    @Test
    void query_isNewestFirstAndPagesThroughEveryActionOnce() {
        for (int i = 0; i < 12; i++) {
            store.create(TENANT_A, anAction().withId("a-" + i).createdAt(T0.plusSeconds(i)).build());
        }
        List<String> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(5);
        while (true) {
            Page<Action> page = store.query(TENANT_A, ActionQuery.all(), request);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(a -> seen.add(a.id()));
            if (page.nextCursor().isEmpty()) break;
            request = new PageRequest(5, page.nextCursor());
        }

        assertThat(seen).containsExactly("a-11", "a-10", "a-9", "a-8", "a-7", "a-6", "a-5", "a-4", "a-3", "a-2",
                "a-1", "a-0");
    }

    @Test
    void queryAndCount_filterByStateResourceAndPolicy() {
        store.create(TENANT_A, anAction().withId("a-1").inState(ActionState.PLANNED).withResource("r1")
                .withPolicy("p1").createdAt(T0.plusSeconds(1)).build());
        store.create(TENANT_A, anAction().withId("a-2").inState(ActionState.QUEUED).withResource("r1")
                .createdAt(T0.plusSeconds(2)).build());
        store.create(TENANT_A, anAction().withId("a-3").inState(ActionState.PLANNED).withResource("r2")
                .withPolicy("p2").createdAt(T0.plusSeconds(3)).build());

        assertThat(store.query(TENANT_A, ActionQuery.inState(ActionState.PLANNED), PageRequest.firstPage()).items())
                .extracting(Action::id).containsExactly("a-3", "a-1");
        assertThat(store.count(TENANT_A, ActionQuery.inState(ActionState.PLANNED))).isEqualTo(2);
        ActionQuery byResource = new ActionQuery(Optional.empty(), Optional.of("r1"), Optional.empty());
        assertThat(store.query(TENANT_A, byResource, PageRequest.firstPage()).items())
                .extracting(Action::id).containsExactly("a-2", "a-1");
        ActionQuery byPolicy = new ActionQuery(Optional.empty(), Optional.empty(), Optional.of("p1"));
        assertThat(store.count(TENANT_A, byPolicy)).isEqualTo(1);
        assertThat(store.count(TENANT_A, ActionQuery.all())).isEqualTo(3);
    }

    @Test
    void concurrentUpdatesFromOneRevision_applyExactlyOnce() {
        Action a = created("a-1");

        List<TransitionOutcome> outcomes = Race.run(8, i -> () -> store.update(TENANT_A,
                a.movedTo(ActionState.PREFLIGHT, T0.plusSeconds(i), 2), a.revision(), 0));

        assertThat(outcomes).filteredOn(o -> o instanceof TransitionOutcome.Applied).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof TransitionOutcome.RevisionConflict).hasSize(7);
        assertThat(store.get(TENANT_A, "a-1").orElseThrow().revision()).isEqualTo(a.revision() + 1);
    }
}
