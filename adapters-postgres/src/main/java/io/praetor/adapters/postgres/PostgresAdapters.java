package io.praetor.adapters.postgres;

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
import java.time.InstantSource;
import java.util.Objects;

/**
 * The PostgreSQL adapter family: every stateful store, the locks and the idempotency records on one
 * database and one {@link Transactions}; the ports that are not stores (event bus, evidence blobs,
 * signer, cache, rate limiter) come from a {@code fallback} family, for example the in-memory one or
 * a NATS/Redis one. Close it to close the pool.
 *
 * <pre>{@code
 * PostgresAdapters pg = PostgresAdapters.create(
 *         new PostgresSettings(url, user, password, "praetor_app"), clock, InMemoryAdapters.create(clock));
 * }</pre>
 */
public final class PostgresAdapters implements DrivenPorts, AutoCloseable {
    private final PostgresDatabase database;
    private final InstantSource clock;
    private final DrivenPorts fallback;
    private final PostgresTransactions tx;
    private final ResourceStore resources;
    private final PolicyStore policies;
    private final FindingStore findings;
    private final ExemptionStore exemptions;
    private final ActionStore actions;
    private final ActionEventStore actionEvents;
    private final ElevationStore elevations;
    private final TenantEventStore tenantEvents;
    private final MetricSnapshotStore metricSnapshots;
    private final InventorySourceRegistry inventorySources;
    private final LedgerStore ledger;
    private final Locks locks;
    private final IdempotencyRecords idempotency;

    private PostgresAdapters(PostgresDatabase database, InstantSource clock, DrivenPorts fallback) {
        this.database = database;
        this.clock = clock;
        this.fallback = fallback;
        this.tx = database.transactions();
        this.resources = new PostgresResourceStore(tx);
        this.policies = new PostgresPolicyStore(tx);
        this.findings = new PostgresFindingStore(tx);
        this.exemptions = new PostgresExemptionStore(tx);
        this.actions = new PostgresActionStore(tx);
        this.actionEvents = new PostgresActionEventStore(tx);
        this.elevations = new PostgresElevationStore(tx);
        this.tenantEvents = new PostgresTenantEventStore(tx);
        this.metricSnapshots = new PostgresMetricSnapshotStore(tx);
        this.inventorySources = new PostgresInventorySourceRegistry(tx);
        this.ledger = new PostgresLedgerStore(tx);
        this.locks = new PostgresLocks(tx, clock);
        this.idempotency = new PostgresIdempotencyRecords(tx, clock);
    }

    /**
     * Migrates the database, opens the pool and builds the stores. Throws a PraetorException with
     * DEPENDENCY_UNAVAILABLE when the database cannot be reached or migrated.
     */
    public static PostgresAdapters create(PostgresSettings settings, InstantSource clock, DrivenPorts fallback) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fallback, "fallback");
        return new PostgresAdapters(PostgresDatabase.open(settings), clock, fallback);
    }

    /** Stores on an already opened database (which the caller closes). */
    public static PostgresAdapters on(PostgresDatabase database, InstantSource clock, DrivenPorts fallback) {
        return new PostgresAdapters(database, Objects.requireNonNull(clock), Objects.requireNonNull(fallback));
    }

    public PostgresDatabase database() {
        return database;
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public Transactions transactions() {
        return tx;
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
    public LedgerStore ledger() {
        return ledger;
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
    public EvidenceStore evidence() {
        return fallback.evidence();
    }

    @Override
    public EventBus eventBus() {
        return fallback.eventBus();
    }

    @Override
    public RateLimiter rateLimiter() {
        return fallback.rateLimiter();
    }

    @Override
    public Cache cache() {
        return fallback.cache();
    }

    @Override
    public Signer signer() {
        return fallback.signer();
    }

    @Override
    public void close() {
        database.close();
    }
}
