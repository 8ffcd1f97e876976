package io.praetor.ports;

import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.ElevationStore;
import io.praetor.ports.coordination.Cache;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.Locks;
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

/**
 * One adapter of every driven port the core needs, as a family whose stores share one
 * {@link Transactions}. {@code InMemoryAdapters} is the embedded default; a production family
 * (Postgres stores with a NATS bus, …) implements it too. The SDK facade takes one and lets single
 * ports be overridden.
 */
public interface DrivenPorts {
    InstantSource clock();

    Transactions transactions();

    ResourceStore resources();

    PolicyStore policies();

    FindingStore findings();

    ExemptionStore exemptions();

    ActionStore actions();

    ActionEventStore actionEvents();

    ElevationStore elevations();

    TenantEventStore tenantEvents();

    MetricSnapshotStore metricSnapshots();

    InventorySourceRegistry inventorySources();

    EvidenceStore evidence();

    LedgerStore ledger();

    EventBus eventBus();

    Locks locks();

    IdempotencyRecords idempotency();

    RateLimiter rateLimiter();

    Cache cache();

    Signer signer();
}
