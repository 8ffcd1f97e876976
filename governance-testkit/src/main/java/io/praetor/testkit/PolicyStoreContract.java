package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.policy.Severity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PolicyStore} must do. Subclasses return a new, empty store. */
public abstract class PolicyStoreContract {
    protected abstract PolicyStore newStore();

    private PolicyStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    @Test
    void put_thenGet_returnsThePolicy() {
        Policy p = aPolicy().withId("p-1").withFramework("cis", "2.1.1").withLabel("team", "sec").build();

        store.put(TENANT_A, p);

        assertThat(store.get(TENANT_A, "p-1")).contains(p);
        assertThat(store.get(TENANT_A, "p-2")).isEmpty();
    }

    @Test
    void reads_neverSeeAnotherTenantsPolicies() {
        store.put(TENANT_A, aPolicy().withId("p-1").build());

        assertThat(store.get(TENANT_B, "p-1")).isEmpty();
        assertThat(store.list(TENANT_B)).isEmpty();
        assertThat(store.delete(TENANT_B, "p-1")).isFalse();
        assertThat(store.get(TENANT_A, "p-1")).isPresent();
    }

    @Test
    void put_replacesThePolicyWithTheSameId() {
        store.put(TENANT_A, aPolicy().withId("p-1").withSeverity(Severity.LOW).withVersion(1).build());
        Policy newer = aPolicy().withId("p-1").withSeverity(Severity.CRITICAL).withVersion(2).build();

        store.put(TENANT_A, newer);

        assertThat(store.list(TENANT_A)).containsExactly(newer);
    }

    @Test
    void list_isById() {
        store.put(TENANT_A, aPolicy().withId("c").build());
        store.put(TENANT_A, aPolicy().withId("a").build());
        store.put(TENANT_A, aPolicy().withId("b").build());

        assertThat(store.list(TENANT_A)).extracting(Policy::id).containsExactly("a", "b", "c");
    }

    @Test
    void delete_removesThePolicyAndSaysWhetherItExisted() {
        store.put(TENANT_A, aPolicy().withId("p-1").build());

        assertThat(store.delete(TENANT_A, "p-1")).isTrue();
        assertThat(store.delete(TENANT_A, "p-1")).isFalse();
        assertThat(store.get(TENANT_A, "p-1")).isEmpty();
        assertThat(store.list(TENANT_A)).isEmpty();
    }

    @Test
    void put_keepsTenantsApartForTheSameId() {
        Policy a = aPolicy().withId("p-1").withSeverity(Severity.LOW).build();
        Policy b = aPolicy().withId("p-1").withSeverity(Severity.HIGH).build();

        store.put(TENANT_A, a);
        store.put(TENANT_B, b);

        assertThat(store.get(TENANT_A, "p-1")).contains(a);
        assertThat(store.get(TENANT_B, "p-1")).contains(b);
        assertThat(store.list(TENANT_A)).hasSize(1);
    }
}
