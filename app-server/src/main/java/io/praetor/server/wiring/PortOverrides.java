package io.praetor.server.wiring;

import io.praetor.ports.DrivenPorts;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.ElevationStore;
import io.praetor.ports.coordination.Cache;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.Locks;
import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.finding.ExemptionStore;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.PolicyStore;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A store family with some ports taken from elsewhere: the bus (NATS or Kafka), evidence (S3), the
 * cache and the rate limiter (Redis); everything else from {@code base}. When the shared rate limiter cannot
 * answer, the family's own (per instance) does, so losing Redis degrades limits to per-instance
 * instead of refusing every request.
 */
final class PortOverrides implements DrivenPorts {
    private final DrivenPorts base;
    private final EventBus bus;
    private final EvidenceStore evidence;
    private final Cache cache;
    private final RateLimiter rateLimiter;

    PortOverrides(DrivenPorts base, Optional<EventBus> bus, Optional<EvidenceStore> evidence, Optional<Cache> cache,
                  Optional<RateLimiter> shared) {
        this.base = base;
        this.bus = bus.orElse(base.eventBus());
        this.evidence = evidence.orElse(base.evidence());
        this.cache = cache.orElse(base.cache());
        this.rateLimiter = shared.<RateLimiter>map(r -> new FallbackRateLimiter(r, base.rateLimiter()))
                .orElse(base.rateLimiter());
    }

    /** Asks the shared limiter; when it is unavailable, the local one. */
    record FallbackRateLimiter(RateLimiter shared, RateLimiter local) implements RateLimiter {
        @Override
        public RateDecision tryAcquire(String key, RateLimit limit) {
            try {
                return shared.tryAcquire(key, limit);
            } catch (PraetorException e) {
                if (e.code() == ErrorCode.DEPENDENCY_UNAVAILABLE || e.code() == ErrorCode.OUTCOME_UNKNOWN) {
                    return local.tryAcquire(key, limit);
                }
                throw e;
            }
        }
    }

    @Override public InstantSource clock() { return base.clock(); }
    @Override public Transactions transactions() { return base.transactions(); }
    @Override public ResourceStore resources() { return base.resources(); }
    @Override public PolicyStore policies() { return base.policies(); }
    @Override public FindingStore findings() { return base.findings(); }
    @Override public ExemptionStore exemptions() { return base.exemptions(); }
    @Override public ActionStore actions() { return base.actions(); }
    @Override public ActionEventStore actionEvents() { return base.actionEvents(); }
    @Override public ElevationStore elevations() { return base.elevations(); }
    @Override public TenantEventStore tenantEvents() { return base.tenantEvents(); }
    @Override public MetricSnapshotStore metricSnapshots() { return base.metricSnapshots(); }
    @Override public InventorySourceRegistry inventorySources() { return base.inventorySources(); }
    @Override public EvidenceStore evidence() { return evidence; }
    @Override public LedgerStore ledger() { return base.ledger(); }
    @Override public EventBus eventBus() { return bus; }
    @Override public Locks locks() { return base.locks(); }
    @Override public IdempotencyRecords idempotency() { return base.idempotency(); }
    @Override public RateLimiter rateLimiter() { return rateLimiter; }
    @Override public Cache cache() { return cache; }
    @Override public Signer signer() { return base.signer(); }
}
