package io.praetor.domain.decide;

import io.praetor.ports.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-tenant counter of committed writes to what {@code GET /metrics} is computed from
 * (resources, policies, findings and pair counts, actions, daily snapshots). It moves after the
 * write commits and before the writing call returns, so a cached answer stamped with an older
 * revision is never served to a request made after the change (ADR 0016). In-process only: other
 * instances' writes reach a shared cache through the tenant event seq in the cache key instead.
 * Thread-safe.
 */
public final class MetricInputRevisions {
    private final ConcurrentMap<TenantId, AtomicLong> revisions = new ConcurrentHashMap<>();

    public long current(TenantId tenant) {
        AtomicLong r = revisions.get(tenant);
        return r == null ? 0 : r.get();
    }

    public void changed(TenantId tenant) {
        revisions.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
    }
}
