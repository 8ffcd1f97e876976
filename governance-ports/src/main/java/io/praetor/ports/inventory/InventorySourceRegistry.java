package io.praetor.ports.inventory;

import io.praetor.ports.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The live inventory sources of each tenant. Thread-safe; {@link #save} inserts or replaces by id.
 */
public interface InventorySourceRegistry {
    void save(TenantId tenant, InventorySource source);

    Optional<InventorySource> get(TenantId tenant, String id);

    /** Every source of the tenant, by id. */
    List<InventorySource> list(TenantId tenant);

    /** Every tenant's sources, for the scheduler. */
    List<TenantSource> all();

    record TenantSource(TenantId tenant, InventorySource source) {}
}
