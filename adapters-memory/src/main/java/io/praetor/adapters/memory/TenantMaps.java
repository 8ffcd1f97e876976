package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/** Per-tenant state of a memory store, created on first write; reads of an unknown tenant see nothing. */
final class TenantMaps<S> {
    private final ConcurrentMap<TenantId, S> byTenant = new ConcurrentHashMap<>();
    private final Supplier<S> empty;

    TenantMaps(Supplier<S> empty) {
        this.empty = empty;
    }

    S of(TenantId tenant) {
        return byTenant.computeIfAbsent(tenant, t -> empty.get());
    }

    ConcurrentMap<TenantId, S> all() {
        return byTenant;
    }
}
