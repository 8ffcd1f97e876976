package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.anElevation;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.action.ElevationStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ElevationStore} must do. Subclasses return a new, empty store. */
public abstract class ElevationStoreContract {
    protected abstract ElevationStore newStore();

    private ElevationStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private static Elevation approved(Elevation e) {
        return anElevation().withId(e.id()).heldBy(e.principal()).requestedAt(e.requestedAt())
                .inState(ElevationState.ACTIVE).approvedBy("admin", T0.plusSeconds(3600))
                .withRevision(e.revision() + 1).build();
    }

    @Test
    void create_thenGet_returnsTheElevation() {
        Elevation e = anElevation().withId("e-1").forAction("a-1").build();

        store.create(TENANT_A, e);

        assertThat(store.get(TENANT_A, "e-1")).contains(e);
        assertThat(store.get(TENANT_A, "e-2")).isEmpty();
    }

    @Test
    void reads_neverSeeAnotherTenantsElevations() {
        Elevation e = anElevation().withId("e-1").build();
        store.create(TENANT_A, e);

        assertThat(store.get(TENANT_B, "e-1")).isEmpty();
        assertThat(store.list(TENANT_B)).isEmpty();
        assertThat(store.heldBy(TENANT_B, e.principal())).isEmpty();
        assertThat(store.update(TENANT_B, approved(e), e.revision())).isFalse();
        assertThat(store.get(TENANT_A, "e-1")).contains(e);
    }

    @Test
    void list_isNewestFirst() {
        store.create(TENANT_A, anElevation().withId("old").requestedAt(T0).build());
        store.create(TENANT_A, anElevation().withId("new").requestedAt(T0.plusSeconds(60)).build());
        store.create(TENANT_A, anElevation().withId("mid").requestedAt(T0.plusSeconds(30)).build());

        assertThat(store.list(TENANT_A)).extracting(Elevation::id).containsExactly("new", "mid", "old");
    }

    @Test
    void heldBy_returnsThePrincipalsElevationsInAnyState() {
        Elevation pending = anElevation().withId("e-1").heldBy("bob").build();
        store.create(TENANT_A, pending);
        store.create(TENANT_A, anElevation().withId("e-2").heldBy("bob").inState(ElevationState.REVOKED)
                .requestedAt(T0.plusSeconds(1)).build());
        store.create(TENANT_A, anElevation().withId("e-3").heldBy("carol").build());

        assertThat(store.heldBy(TENANT_A, "bob")).extracting(Elevation::id).containsExactlyInAnyOrder("e-1", "e-2");
        assertThat(store.heldBy(TENANT_A, "dave")).isEmpty();
    }

    @Test
    void update_storesWhenTheRevisionMatches() {
        Elevation e = anElevation().withId("e-1").build();
        store.create(TENANT_A, e);

        assertThat(store.update(TENANT_A, approved(e), e.revision())).isTrue();
        assertThat(store.get(TENANT_A, "e-1")).contains(approved(e));
    }

    @Test
    void update_withAStaleRevision_storesNothing() {
        Elevation e = anElevation().withId("e-1").build();
        store.create(TENANT_A, e);
        store.update(TENANT_A, approved(e), e.revision());
        Elevation rejected = anElevation().withId("e-1").inState(ElevationState.REJECTED)
                .withRevision(e.revision() + 1).build();

        assertThat(store.update(TENANT_A, rejected, e.revision())).isFalse();
        assertThat(store.get(TENANT_A, "e-1")).contains(approved(e));
    }

    @Test
    void update_ofAMissingElevation_isFalse() {
        assertThat(store.update(TENANT_A, anElevation().withId("nope").build(), 1)).isFalse();
        assertThat(store.get(TENANT_A, "nope")).isEmpty();
    }

    @Test
    void concurrentDecisionsOnOneRequest_letExactlyOneWin() {
        Elevation e = anElevation().withId("e-1").build();
        store.create(TENANT_A, e);

        List<Boolean> results = Race.run(8, i -> () -> store.update(TENANT_A, approved(e), e.revision()));

        assertThat(results).containsOnlyOnce(true);
    }
}
