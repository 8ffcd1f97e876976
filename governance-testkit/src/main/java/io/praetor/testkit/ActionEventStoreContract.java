package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.anActionEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ActionEventStore} must do. Subclasses return a new, empty store. */
public abstract class ActionEventStoreContract {
    protected abstract ActionEventStore newStore();

    private ActionEventStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private static void assertConflict(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void append_thenRead_returnsEventsInSeqOrder() {
        for (int seq = 1; seq <= 3; seq++) store.append(TENANT_A, anActionEvent("a-1", seq));

        assertThat(store.read(TENANT_A, "a-1", 0, 10)).extracting(ActionEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.read(TENANT_A, "a-1", 0, 10).get(0)).isEqualTo(anActionEvent("a-1", 1));
    }

    @Test
    void append_mustStartAtOne() {
        assertConflict(() -> store.append(TENANT_A, anActionEvent("a-1", 2)));
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).isEmpty();
    }

    @Test
    void append_rejectsAGapWithConflict() {
        store.append(TENANT_A, anActionEvent("a-1", 1));

        assertConflict(() -> store.append(TENANT_A, anActionEvent("a-1", 3)));
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).hasSize(1);
    }

    @Test
    void append_rejectsADuplicateSeqWithConflict() {
        store.append(TENANT_A, anActionEvent("a-1", 1));
        store.append(TENANT_A, anActionEvent("a-1", 2));

        assertConflict(() -> store.append(TENANT_A, anActionEvent("a-1", 2)));
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).hasSize(2);
    }

    @Test
    void seqs_arePerAction() {
        store.append(TENANT_A, anActionEvent("a-1", 1));
        store.append(TENANT_A, anActionEvent("a-2", 1));
        store.append(TENANT_A, anActionEvent("a-1", 2));

        assertThat(store.read(TENANT_A, "a-1", 0, 10)).hasSize(2);
        assertThat(store.read(TENANT_A, "a-2", 0, 10)).hasSize(1);
    }

    @Test
    void read_returnsEventsAfterTheSeqUpToTheLimit() {
        for (int seq = 1; seq <= 10; seq++) store.append(TENANT_A, anActionEvent("a-1", seq));

        assertThat(store.read(TENANT_A, "a-1", 3, 4)).extracting(ActionEvent::seq).containsExactly(4L, 5L, 6L, 7L);
        assertThat(store.read(TENANT_A, "a-1", 8, 10)).extracting(ActionEvent::seq).containsExactly(9L, 10L);
        assertThat(store.read(TENANT_A, "a-1", 10, 10)).isEmpty();
    }

    @Test
    void tenants_haveSeparateHistories() {
        store.append(TENANT_A, anActionEvent("a-1", 1));

        assertThat(store.read(TENANT_B, "a-1", 0, 10)).isEmpty();
        store.append(TENANT_B, anActionEvent("a-1", 1));
        assertThat(store.read(TENANT_B, "a-1", 0, 10)).hasSize(1);
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).hasSize(1);
    }

    @Test
    void concurrentAppendsOfTheSameSeq_storeExactlyOne() {
        store.append(TENANT_A, anActionEvent("a-1", 1));

        List<Boolean> stored = Race.run(8, i -> () -> {
            try {
                store.append(TENANT_A, anActionEvent("a-1", 2));
                return true;
            } catch (PraetorException e) {
                if (e.code() != ErrorCode.CONFLICT) throw e;
                return false;
            }
        });

        assertThat(stored).containsOnlyOnce(true);
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).extracting(ActionEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void stateEvents_areUnanchoredUntilMarked_progressEventsNeverAre() {
        store.append(TENANT_A, anActionEvent("a-1", 1));
        store.append(TENANT_A, new ActionEvent("a-1", 2, ActionEvent.PROGRESS, ActionState.QUEUED, T0.plusSeconds(2),
                "progress", Map.of()));
        store.append(TENANT_B, anActionEvent("b-1", 1));
        store.append(TENANT_A, anActionEvent("a-1", 3));

        // across tenants, oldest first, only those before the instant, up to the limit
        assertThat(store.unanchored(T0.plusSeconds(10), 10)).extracting(u -> u.tenant().value() + "/" + u.event().actionId()
                + "/" + u.event().seq()).containsExactly(TENANT_A.value() + "/a-1/1", TENANT_B.value() + "/b-1/1",
                TENANT_A.value() + "/a-1/3");
        assertThat(store.unanchored(T0.plusSeconds(10), 10).getFirst().event()).isEqualTo(anActionEvent("a-1", 1));
        assertThat(store.unanchored(T0.plusSeconds(3), 10)).hasSize(2);
        assertThat(store.unanchored(T0.plusSeconds(10), 1)).hasSize(1);

        store.markAnchored(TENANT_A, "a-1", 1);
        store.markAnchored(TENANT_B, "a-1", 3); // another tenant's id: changes nothing
        store.markAnchored(TENANT_A, "a-1", 1); // again: nothing
        assertThat(store.unanchored(T0.plusSeconds(10), 10)).extracting(u -> u.event().actionId() + "/" + u.event().seq())
                .containsExactly("b-1/1", "a-1/3");
        assertThat(store.read(TENANT_A, "a-1", 0, 10)).hasSize(3); // marking changes no event
    }
}
