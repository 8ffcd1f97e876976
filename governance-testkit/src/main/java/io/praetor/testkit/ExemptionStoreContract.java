package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.anExemption;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.ExemptionStore;
import io.praetor.ports.finding.ExemptionStore.TenantExemption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExemptionStore} must do. Subclasses return a new, empty store. */
public abstract class ExemptionStoreContract {
    protected abstract ExemptionStore newStore();

    private ExemptionStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    @Test
    void put_thenGet_returnsTheExemption() {
        Exemption e = anExemption().withId("e-1").forSelector("resource.tags.env == 'dev'").build();

        store.put(TENANT_A, e);

        assertThat(store.get(TENANT_A, "e-1")).contains(e);
        assertThat(store.get(TENANT_A, "e-2")).isEmpty();
    }

    @Test
    void reads_neverSeeAnotherTenantsExemptions() {
        store.put(TENANT_A, anExemption().withId("e-1").withPolicy("p").build());

        assertThat(store.get(TENANT_B, "e-1")).isEmpty();
        assertThat(store.list(TENANT_B)).isEmpty();
        assertThat(store.activeFor(TENANT_B, "p", T0)).isEmpty();
    }

    @Test
    void put_replacesById() {
        Exemption e = anExemption().withId("e-1").build();
        store.put(TENANT_A, e);

        store.put(TENANT_A, e.revoked(T0.plusSeconds(5)));

        assertThat(store.list(TENANT_A)).containsExactly(e.revoked(T0.plusSeconds(5)));
    }

    @Test
    void list_isByCreationTime() {
        store.put(TENANT_A, anExemption().withId("a").createdAt(T0.plusSeconds(20)).build());
        store.put(TENANT_A, anExemption().withId("b").createdAt(T0.plusSeconds(10)).build());
        store.put(TENANT_A, anExemption().withId("c").createdAt(T0.plusSeconds(30)).build());

        assertThat(store.list(TENANT_A)).extracting(Exemption::id).containsExactly("b", "a", "c");
    }

    @Test
    void activeFor_leavesOutOtherPoliciesRevokedAndExpiredExemptions() {
        Instant expiry = T0.plus(Duration.ofDays(30));
        store.put(TENANT_A, anExemption().withId("active").withPolicy("p").expiresAt(expiry).build());
        store.put(TENANT_A, anExemption().withId("other-policy").withPolicy("q").expiresAt(expiry).build());
        store.put(TENANT_A, anExemption().withId("revoked").withPolicy("p").expiresAt(expiry)
                .revokedAt(T0.plusSeconds(1)).build());
        store.put(TENANT_A, anExemption().withId("expired").withPolicy("p").expiresAt(T0.plusSeconds(60)).build());

        assertThat(store.activeFor(TENANT_A, "p", T0.plusSeconds(60))).extracting(Exemption::id)
                .containsExactly("active");
        assertThat(store.activeFor(TENANT_A, "p", T0.plusSeconds(59))).extracting(Exemption::id)
                .containsExactlyInAnyOrder("active", "expired");
    }

    @Test
    void expiringBetween_returnsEveryTenantsExemptionsInTheHalfOpenWindow() {
        store.put(TENANT_A, anExemption().withId("at-start").expiresAt(T0.plusSeconds(100)).build());
        store.put(TENANT_A, anExemption().withId("inside").expiresAt(T0.plusSeconds(150)).build());
        store.put(TENANT_B, anExemption().withId("at-end").expiresAt(T0.plusSeconds(200)).build());
        store.put(TENANT_B, anExemption().withId("after").expiresAt(T0.plusSeconds(201)).build());

        assertThat(store.expiringBetween(T0.plusSeconds(100), T0.plusSeconds(200)))
                .extracting(te -> te.tenant().value() + "/" + te.exemption().id())
                .containsExactlyInAnyOrder("tenant-a/inside", "tenant-b/at-end");
    }

    @Test
    void expiringBetween_namesTheTenantOfEachExemption() {
        Exemption e = anExemption().withId("e").expiresAt(T0.plusSeconds(10)).build();
        store.put(TENANT_B, e);

        assertThat(store.expiringBetween(T0, T0.plusSeconds(10))).containsExactly(new TenantExemption(TENANT_B, e));
    }
}
