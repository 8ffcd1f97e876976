package io.praetor.adapters.memory;

import io.praetor.ports.DrivenPorts;
import io.praetor.ports.Transactions;
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
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * One in-memory adapter of every driven port, the stores sharing one transaction manager, so a
 * state change and its events commit or roll back together. Thread-safe. Close it to stop the bus's
 * threads.
 *
 * {@snippet :
 * SettableClock clock = SettableClock.atEpochOf2026();
 * try (InMemoryAdapters adapters = InMemoryAdapters.create(clock)) {
 *     adapters.transactions().run(() -> adapters.resources().putAll(tenant, List.of(resource)));
 * }
 * }
 */
public final class InMemoryAdapters implements DrivenPorts, AutoCloseable {
    private final InstantSource clock;
    private final InMemoryTransactions transactions = new InMemoryTransactions();
    private final InMemoryResourceStore resources = new InMemoryResourceStore(transactions);
    private final InMemoryPolicyStore policies = new InMemoryPolicyStore(transactions);
    private final InMemoryFindingStore findings = new InMemoryFindingStore(transactions);
    private final InMemoryExemptionStore exemptions = new InMemoryExemptionStore(transactions);
    private final InMemoryActionStore actions = new InMemoryActionStore(transactions);
    private final InMemoryActionEventStore actionEvents = new InMemoryActionEventStore(transactions);
    private final InMemoryElevationStore elevations = new InMemoryElevationStore(transactions);
    private final InMemoryTenantEventStore tenantEvents = new InMemoryTenantEventStore(transactions);
    private final InMemoryMetricSnapshotStore metricSnapshots = new InMemoryMetricSnapshotStore();
    private final InMemoryInventorySourceRegistry inventorySources = new InMemoryInventorySourceRegistry();
    private final InMemoryLedgerStore ledger = new InMemoryLedgerStore();
    private final InMemoryEventBus eventBus = new InMemoryEventBus();
    private final InMemoryLocks locks;
    private final InMemoryIdempotencyRecords idempotency;
    private final InMemoryRateLimiter rateLimiter;
    private final InMemoryCache cache;
    private final EvidenceStore evidence;
    private final Signer signer;

    private InMemoryAdapters(Builder b) {
        this.clock = b.clock;
        this.locks = new InMemoryLocks(clock);
        this.idempotency = new InMemoryIdempotencyRecords(clock);
        this.rateLimiter = new InMemoryRateLimiter(clock);
        this.cache = new InMemoryCache(clock);
        this.evidence = b.evidenceDirectory
                .<EvidenceStore>map(dir -> new FilesystemEvidenceStore(dir, clock))
                .orElseGet(() -> new InMemoryEvidenceStore(clock));
        this.signer = b.signer.orElseGet(LocalKeySigner::generate);
    }

    /** Everything in memory, evidence included, with a freshly generated signing key. */
    public static InMemoryAdapters create(InstantSource clock) {
        return builder(clock).build();
    }

    public static Builder builder(InstantSource clock) {
        return new Builder(clock);
    }

    /** Chooses where evidence goes and which key signs; everything else is always in memory. */
    public static final class Builder {
        private final InstantSource clock;
        private Optional<Path> evidenceDirectory = Optional.empty();
        private Optional<Signer> signer = Optional.empty();

        private Builder(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** Keeps evidence in files under {@code dir} (a {@link FilesystemEvidenceStore}). */
        public Builder evidenceDirectory(Path dir) {
            this.evidenceDirectory = Optional.of(dir);
            return this;
        }

        public Builder signer(Signer s) {
            this.signer = Optional.of(s);
            return this;
        }

        public InMemoryAdapters build() {
            return new InMemoryAdapters(this);
        }
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public Transactions transactions() {
        return transactions;
    }

    @Override
    public ResourceStore resources() {
        return resources;
    }

    @Override
    public PolicyStore policies() {
        return policies;
    }

    @Override
    public FindingStore findings() {
        return findings;
    }

    @Override
    public ExemptionStore exemptions() {
        return exemptions;
    }

    @Override
    public ActionStore actions() {
        return actions;
    }

    @Override
    public ActionEventStore actionEvents() {
        return actionEvents;
    }

    @Override
    public ElevationStore elevations() {
        return elevations;
    }

    @Override
    public TenantEventStore tenantEvents() {
        return tenantEvents;
    }

    @Override
    public MetricSnapshotStore metricSnapshots() {
        return metricSnapshots;
    }

    @Override
    public InventorySourceRegistry inventorySources() {
        return inventorySources;
    }

    @Override
    public EvidenceStore evidence() {
        return evidence;
    }

    @Override
    public LedgerStore ledger() {
        return ledger;
    }

    @Override
    public EventBus eventBus() {
        return eventBus;
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public IdempotencyRecords idempotency() {
        return idempotency;
    }

    @Override
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    @Override
    public Cache cache() {
        return cache;
    }

    @Override
    public Signer signer() {
        return signer;
    }

    /** Stops the bus's threads. */
    @Override
    public void close() {
        eventBus.close();
    }
}
