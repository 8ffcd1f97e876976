package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.anInventorySource;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.ports.inventory.InventorySourceRegistry.TenantSource;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link InventorySourceRegistry} must do. Subclasses return a new, empty registry. */
public abstract class InventorySourceRegistryContract {
    protected abstract InventorySourceRegistry newRegistry();

    private InventorySourceRegistry registry;

    @BeforeEach
    void setUpRegistry() {
        registry = newRegistry();
    }

    @Test
    void save_thenGet_returnsTheSource() {
        InventorySource s = anInventorySource("s-1");

        registry.save(TENANT_A, s);

        assertThat(registry.get(TENANT_A, "s-1")).contains(s);
        assertThat(registry.get(TENANT_A, "s-2")).isEmpty();
    }

    @Test
    void save_replacesById() {
        registry.save(TENANT_A, anInventorySource("s-1"));
        InventorySource synced = anInventorySource("s-1").syncedAt(T0.plusSeconds(60));

        registry.save(TENANT_A, synced);

        assertThat(registry.list(TENANT_A)).containsExactly(synced);
    }

    @Test
    void save_keepsAddressingAndTheCredentialReference() {
        InventorySource s = new InventorySource("lab", "s3", Optional.of("http://127.0.0.1:9000"), Optional.empty(),
                Optional.empty(), Optional.empty(), true, Optional.of("lab-keys"), T0, "alice", Optional.empty());

        registry.save(TENANT_A, s);

        assertThat(registry.get(TENANT_A, "lab")).contains(s);
        assertThat(registry.get(TENANT_A, "lab").orElseThrow().pathStyle()).isTrue();
    }

    @Test
    void list_isByIdAndPerTenant() {
        registry.save(TENANT_A, anInventorySource("c"));
        registry.save(TENANT_A, anInventorySource("a"));
        registry.save(TENANT_B, anInventorySource("b"));

        assertThat(registry.list(TENANT_A)).extracting(InventorySource::id).containsExactly("a", "c");
        assertThat(registry.get(TENANT_B, "a")).isEmpty();
    }

    @Test
    void all_returnsEveryTenantsSources() {
        registry.save(TENANT_A, anInventorySource("a"));
        registry.save(TENANT_B, anInventorySource("b"));

        assertThat(registry.all()).containsExactlyInAnyOrder(
                new TenantSource(TENANT_A, anInventorySource("a")), new TenantSource(TENANT_B, anInventorySource("b")));
    }
}
