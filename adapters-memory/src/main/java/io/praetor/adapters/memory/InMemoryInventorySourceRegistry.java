package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.InventorySourceRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Inventory sources in one id-sorted map per tenant. */
final class InMemoryInventorySourceRegistry implements InventorySourceRegistry {
    private final TenantMaps<ConcurrentSkipListMap<String, InventorySource>> tenants =
            new TenantMaps<>(ConcurrentSkipListMap::new);

    @Override
    public void save(TenantId tenant, InventorySource source) {
        tenants.of(tenant).put(source.id(), source);
    }

    @Override
    public Optional<InventorySource> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).get(id));
    }

    @Override
    public List<InventorySource> list(TenantId tenant) {
        return List.copyOf(tenants.of(tenant).values());
    }

    @Override
    public List<TenantSource> all() {
        List<TenantSource> out = new ArrayList<>();
        for (Map.Entry<TenantId, ConcurrentSkipListMap<String, InventorySource>> t
                : new TreeMap<>(tenants.all()).entrySet()) {
            for (InventorySource s : t.getValue().values()) {
                out.add(new TenantSource(t.getKey(), s));
            }
        }
        return out;
    }
}
