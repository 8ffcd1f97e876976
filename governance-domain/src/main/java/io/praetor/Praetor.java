package io.praetor;

import io.praetor.domain.act.ActPorts;
import io.praetor.domain.act.ActSettings;
import io.praetor.domain.act.ActionArtifacts;
import io.praetor.domain.act.ActionExecutor;
import io.praetor.domain.act.ActionHandlers;
import io.praetor.domain.act.ActionService;
import io.praetor.domain.ai.AiService;
import io.praetor.domain.ai.AiSettings;
import io.praetor.domain.ai.DeepMetrics;
import io.praetor.domain.ai.ModelGuard;
import io.praetor.domain.decide.ExemptionService;
import io.praetor.domain.decide.FindingService;
import io.praetor.domain.decide.CachedMetrics;
import io.praetor.domain.decide.LocalAnalyst;
import io.praetor.domain.decide.MetricInputRevisions;
import io.praetor.domain.decide.RevisionTrackingPorts;
import io.praetor.domain.decide.MetricsService;
import io.praetor.domain.decide.PolicyCatalog;
import io.praetor.domain.decide.PolicyService;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryService;
import io.praetor.domain.detect.LiveSourceService;
import io.praetor.domain.detect.ResourceChange;
import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.BundleWriter;
import io.praetor.domain.evidence.EvidenceQueries;
import io.praetor.domain.evidence.EvidenceRecorder;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.domain.evidence.audit.AuditedActionUseCases;
import io.praetor.domain.evidence.audit.AuditedElevationUseCases;
import io.praetor.domain.evidence.audit.AuditedExemptionUseCases;
import io.praetor.domain.evidence.audit.AuditedFindingUseCases;
import io.praetor.domain.evidence.audit.AuditedInventorySourceUseCases;
import io.praetor.domain.evidence.audit.AuditedInventoryUseCases;
import io.praetor.domain.evidence.audit.AuditedPolicyUseCases;
import io.praetor.domain.evidence.audit.LedgerActionJournal;
import io.praetor.domain.evidence.audit.LedgerAnchorSweep;
import io.praetor.domain.events.TenantEventOutbox;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.inventory.LiveInventoryConnector;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ActionUseCases;
import io.praetor.ports.usecase.AiUseCases;
import io.praetor.ports.usecase.ElevationUseCases;
import io.praetor.ports.usecase.EvidenceUseCases;
import io.praetor.ports.usecase.ExemptionUseCases;
import io.praetor.ports.usecase.FindingUseCases;
import io.praetor.ports.usecase.InventorySourceUseCases;
import io.praetor.ports.usecase.InventoryUseCases;
import io.praetor.ports.usecase.LedgerUseCases;
import io.praetor.ports.usecase.MetricsUseCases;
import io.praetor.ports.usecase.PolicyUseCases;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.events.TenantEvent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Praetor SDK: detect → decide → act → evidence over one family of driven adapters.
 * Immutable and thread-safe once built; {@link #start()} starts the background work (the action
 * executor, the signer of ledger tree heads, and one housekeeping thread that relays the event
 * outbox and sweeps expired exemptions) and {@link #close()} stops it.
 *
 * <p>Every privileged call of the use cases it hands out leaves one ledger entry (API.md "Evidence
 * and ledger"), and every action transition no request made leaves one {@code action.state} entry,
 * so an action's evidence bundle proves each of its events.
 *
 * {@snippet :
 * try (InMemoryAdapters adapters = InMemoryAdapters.create(InstantSource.system());
 *      Praetor praetor = Praetor.builder().ports(adapters).handler(myHandler).build().start()) {
 *     Principal me = new Principal("alice", TenantId.of("acme"), Set.of(Role.ADMIN));
 *     praetor.policies().putPolicy(me, "s3-encrypted", policyYaml);
 *     praetor.inventory().importSnapshot(me, SnapshotImport.of("aws-config"), snapshotStream);
 *     praetor.findings().findings(me, FindingQuery.all(), PageRequest.firstPage());
 * }
 * }
 */
public final class Praetor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Praetor.class);
    private static final int RELAY_BATCH = 1000;

    private final DrivenPorts ports;
    private final InventoryService inventory;
    private final PolicyService policies;
    private final FindingService findings;
    private final ExemptionService exemptions;
    private final MetricsService metrics;
    private final CachedMetrics cachedMetrics;
    private final ActionService actions;
    private final ActionExecutor executor;
    private final LedgerService ledger;
    private final EvidenceRecorder evidence;
    private final AuditTrail audit;
    private final BundleWriter bundles;
    private final EvidenceQueries evidenceQueries;
    private final TenantEventOutbox outbox;
    private final Duration housekeepingInterval;
    private final InventoryUseCases auditedInventory;
    private final InventorySourceUseCases auditedSources;
    private final PolicyUseCases auditedPolicies;
    private final FindingUseCases auditedFindings;
    private final ExemptionUseCases auditedExemptions;
    private final ActionUseCases auditedActions;
    private final ElevationUseCases auditedElevations;
    private final AiService ai;
    private final MetricsUseCases deepMetrics;
    private ScheduledExecutorService housekeeping;
    private final LedgerAnchorSweep anchorSweep;
    /** An action with executor work that nothing moved for this long has lost its message: twice the lease. */
    private final Duration idleAction;
    private java.time.Instant nextIdleSweep;

    private Praetor(Builder b) {
        MetricInputRevisions revisions = new MetricInputRevisions();
        // every service writes through these, so each committed write to a metrics input is counted
        this.ports = new RevisionTrackingPorts(
                Objects.requireNonNull(b.ports, "ports: call ports(...) with an adapter family"), revisions);
        var clock = ports.clock();
        ActionHandlers handlers = new ActionHandlers(b.handlers);
        ActPorts actPorts = ActPorts.from(ports, b.credentials);

        this.ledger = new LedgerService(ports.ledger(), ports.transactions(), ports.signer(), clock);
        this.evidence = new EvidenceRecorder(ports.evidence(), ledger);
        this.audit = new AuditTrail(ledger);
        this.bundles = new BundleWriter(ledger, ports.actionEvents(), ports.evidence());
        this.outbox = new TenantEventOutbox(ports.tenantEvents(), ports.eventBus(), ports.transactions());
        this.housekeepingInterval = b.housekeepingInterval;
        this.idleAction = b.actSettings.leaseTtl().multipliedBy(2);
        this.nextIdleSweep = clock.instant().plus(idleAction);
        LedgerActionJournal journal = new LedgerActionJournal(audit, ports.actionEvents());
        this.anchorSweep = new LedgerAnchorSweep(ports.actionEvents(), ports.ledger(), audit, clock);

        ActionArtifacts artifacts = (tenant, actionId, name, mediaType, content) -> Optional.of(
                evidence.putForAction(Principal.system(tenant), actionId, content, mediaType, name).ref());
        this.actions = new ActionService(actPorts, handlers, b.actSettings, artifacts, journal);
        PolicyCatalog catalog = new PolicyCatalog(ports.policies(), new PolicyCompiler());
        this.findings = new FindingService(ports.resources(), ports.findings(), ports.exemptions(),
                ports.tenantEvents(), ports.eventBus(), ports.transactions(), clock, catalog,
                ports.metricSnapshots(), Optional.of(actions::onFindingOpened));
        this.inventory = new InventoryService(ports.resources(), ports.findings(), ports.tenantEvents(),
                ports.eventBus(), ports.transactions(), clock, b.inventoryLimits,
                Optional.of(this::reevaluate));
        this.policies = new PolicyService(ports.policies(), ports.transactions(), clock, catalog, findings,
                handlers.names());
        this.exemptions = new ExemptionService(ports.exemptions(), ports.policies(), ports.transactions(), clock,
                catalog, findings);
        this.metrics = new MetricsService(ports.resources(), ports.policies(), ports.findings(), ports.actions(),
                ports.metricSnapshots(), ports.transactions(), clock, new LocalAnalyst());
        this.cachedMetrics = new CachedMetrics(metrics, ports.cache(), ports.tenantEvents(), revisions, clock);
        this.executor = new ActionExecutor(actPorts, handlers, b.actSettings, this::upsertObserved, artifacts, journal);
        this.evidenceQueries = new EvidenceQueries(ledger, evidence, bundles, actions);

        this.auditedInventory = new AuditedInventoryUseCases(inventory, audit);
        this.auditedSources = new AuditedInventorySourceUseCases(new LiveSourceService(ports.inventorySources(), inventory,
                b.connectors, b.credentials, clock), audit);
        this.auditedPolicies = new AuditedPolicyUseCases(policies, audit);
        this.auditedFindings = new AuditedFindingUseCases(findings, audit);
        this.auditedExemptions = new AuditedExemptionUseCases(exemptions, audit);
        this.auditedActions = new AuditedActionUseCases(actions, ports.actionEvents(), audit);
        this.auditedElevations = new AuditedElevationUseCases(actions, audit);
        LocalAnalyst analyst = new LocalAnalyst();
        ModelGuard model = new ModelGuard(b.aiClient, b.aiSettings);
        this.ai = new AiService(new AiService.Reads(findings, inventory, auditedActions, metrics, policies, metrics::topRisks),
                ports.findings(), clock, analyst, model);
        this.deepMetrics = new DeepMetrics(cachedMetrics, model);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the action executor, the tree-head signer and the housekeeping thread (outbox relay
     * and exemption expiry, every {@link Builder#housekeepingInterval}), and re-queues the
     * unfinished actions of every tenant (after a restart); returns this.
     */
    public synchronized Praetor start() {
        executor.start();
        ledger.start();
        if (housekeeping == null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "praetor-housekeeping");
                t.setDaemon(true);
                return t;
            });
            long period = housekeepingInterval.toMillis();
            housekeeping.scheduleWithFixedDelay(this::housekeep, period, period, TimeUnit.MILLISECONDS);
        }
        resumeAllActions();
        return this;
    }

    @Override
    public synchronized void close() {
        if (housekeeping != null) {
            housekeeping.shutdownNow();
            try {
                housekeeping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            housekeeping = null;
        }
        executor.close();
        ledger.close();
    }

    public InventoryUseCases inventory() {
        return auditedInventory;
    }

    /** Live inventory sources: register, list, sync (each recorded in the ledger), and {@code syncDue} for a scheduler. */
    public InventorySourceUseCases inventorySources() {
        return auditedSources;
    }

    public PolicyUseCases policies() {
        return auditedPolicies;
    }

    public FindingUseCases findings() {
        return auditedFindings;
    }

    public ExemptionUseCases exemptions() {
        return auditedExemptions;
    }

    /**
     * Governance metrics, served from the cache until a write to one of their inputs commits (ADR 0016);
     * {@code deep} also asks the AI model within the inline budget when there is one.
     */
    public MetricsUseCases metrics() {
        return deepMetrics;
    }

    /** The metrics cache, for its hit and miss counts. */
    public CachedMetrics metricsCache() {
        return cachedMetrics;
    }

    public ActionUseCases actions() {
        return auditedActions;
    }

    public ElevationUseCases elevations() {
        return auditedElevations;
    }

    /**
     * Analyses, policy generation, predictions and the assistant: with the model given to
     * {@link Builder#ai}, else (and whenever it fails) from the local analyst.
     */
    public AiUseCases ai() {
        return ai;
    }

    /** disabled, closed, open or half-open: the state of the AI model's circuit breaker. */
    public String aiState() {
        return ai.modelState();
    }

    /** The per-tenant Merkle ledger: entries, proofs, signed heads, verification, export. */
    public LedgerService ledger() {
        return ledger;
    }

    /** Content-addressed evidence, each blob recorded in the ledger. */
    public EvidenceRecorder evidence() {
        return evidence;
    }

    /**
     * Records privileged requests in the ledger. The use cases of this facade already record their
     * own; this is for requests that do not go through them.
     */
    public AuditTrail audit() {
        return audit;
    }

    /** Builds an action's offline-verifiable evidence bundle. */
    public BundleWriter bundles() {
        return bundles;
    }

    /** The API's evidence reads: blobs, bundles and their server-side check, for the caller's tenant. */
    public EvidenceUseCases evidenceUseCases() {
        return evidenceQueries;
    }

    /** The API's ledger reads: entries, heads, proofs, verification, export, for the caller's tenant. */
    public LedgerUseCases ledgerUseCases() {
        return evidenceQueries;
    }

    /** Re-opens findings whose exemption expired by now; returns how many exemptions lapsed. */
    public int expireExemptions() {
        return findings.expireExemptions();
    }

    /** How many actions of each tenant (every tenant with a ledger) are in each state, for gauges. */
    public Map<TenantId, Map<ActionState, Long>> actionStateCounts() {
        Map<TenantId, Map<ActionState, Long>> out = new LinkedHashMap<>();
        for (TenantId tenant : ports.ledger().tenants()) {
            Map<ActionState, Long> counts = new EnumMap<>(ActionState.class);
            for (ActionState s : ActionState.values()) counts.put(s, ports.actions().count(tenant, ActionQuery.inState(s)));
            out.put(tenant, counts);
        }
        return out;
    }

    /** Tenant events stored but not yet published on the bus: how many (counted up to {@code limit}) and how old the oldest is. */
    public OutboxBacklog outboxBacklog(int limit) {
        List<TenantEvent> pending = ports.tenantEvents().unpublished(limit);
        Duration oldest = pending.stream().map(TenantEvent::at).min(java.util.Comparator.naturalOrder())
                .map(at -> Duration.between(at, ports.clock().instant())).orElse(Duration.ZERO);
        return new OutboxBacklog(pending.size(), oldest.isNegative() ? Duration.ZERO : oldest);
    }

    /** The outbox relay's backlog; {@code events} is capped by the limit asked for. */
    public record OutboxBacklog(int events, Duration oldest) {}

    /** Re-queues the tenant's unfinished actions after a restart; returns how many. */
    public int resumeActions(TenantId tenant) {
        return executor.resume(tenant);
    }

    /**
     * Re-queues the unfinished actions of every tenant that has a ledger; returns how many. Every
     * tenant with an action has one: each action's creation is recorded there.
     */
    public int resumeAllActions() {
        int n = 0;
        for (TenantId tenant : ports.ledger().tenants()) {
            try {
                n += executor.resume(tenant);
            } catch (RuntimeException e) {
                LOG.warn("could not resume the actions of tenant {}: {}", tenant, e.toString());
            }
        }
        return n;
    }

    /**
     * Writes the ledger entries of action transitions that a crash lost between the transition's
     * commit and its entry (ADR 0032); returns how many. Runs by itself after {@link #start()}.
     */
    public int anchorLostLedgerEntries() {
        return anchorSweep.sweep();
    }

    /**
     * Publishes the tenant events a bus failure left in the outbox (at least once; subscribers
     * de-duplicate by message id); returns how many went out. Runs by itself after {@link #start()}.
     */
    public int relayOutbox() {
        int total = 0;
        for (int round = 0; round < 100; round++) { // bounded, so a store that cannot mark stops the loop
            int n = outbox.relay(RELAY_BATCH);
            total += n;
            if (n < RELAY_BATCH) break;
        }
        return total;
    }

    private void housekeep() {
        java.time.Instant now = ports.clock().instant();
        if (!now.isBefore(nextIdleSweep)) {
            nextIdleSweep = now.plus(idleAction);
            for (TenantId tenant : ports.ledger().tenants()) {
                try {
                    executor.resumeIdle(tenant, idleAction);
                } catch (RuntimeException e) {
                    LOG.warn("could not re-queue the idle actions of tenant {}: {}", tenant, e.toString());
                }
            }
        }
        try {
            relayOutbox();
        } catch (RuntimeException e) {
            LOG.warn("outbox relay failed: {}", e.toString());
        }
        try {
            int recovered = anchorLostLedgerEntries();
            if (recovered > 0) LOG.warn("wrote {} ledger entries of action transitions that a crash had lost", recovered);
        } catch (RuntimeException e) {
            LOG.warn("ledger anchor sweep failed: {}", e.toString());
        }
        try {
            findings.expireExemptions();
        } catch (RuntimeException e) {
            LOG.warn("exemption expiry sweep failed: {}", e.toString());
        }
    }

    private void reevaluate(TenantId tenant, List<ResourceChange> changes) {
        List<Resource> changed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (ResourceChange change : changes) {
            switch (change) {
                case ResourceChange.Created c -> changed.add(c.after());
                case ResourceChange.Updated u -> changed.add(u.after());
                case ResourceChange.Deleted d -> deleted.add(d.id());
            }
        }
        findings.reevaluate(tenant, changed, deleted);
    }

    private void upsertObserved(TenantId tenant, Resource observed) {
        inventory.putResource(Principal.system(tenant), observed);
    }

    /** Collects the adapter family, handlers and settings; {@link #build()} wires them. */
    public static final class Builder {
        private DrivenPorts ports;
        private final List<ActionHandler> handlers = new ArrayList<>();
        private final List<LiveInventoryConnector> connectors = new ArrayList<>();
        private CredentialProvider credentials = (tenant, provider, account) -> Optional.empty();
        private InventoryLimits inventoryLimits = InventoryLimits.DEFAULT;
        private ActSettings actSettings = ActSettings.DEFAULTS;
        private Duration housekeepingInterval = Duration.ofSeconds(1);
        private Optional<AiClient> aiClient = Optional.empty();
        private AiSettings aiSettings = AiSettings.DEFAULTS;

        private Builder() {}

        /** The adapter family (for example {@code InMemoryAdapters}); required. */
        public Builder ports(DrivenPorts family) {
            this.ports = Objects.requireNonNull(family);
            return this;
        }

        /** Adds a remediation handler; names must be unique. */
        public Builder handler(ActionHandler handler) {
            handlers.add(Objects.requireNonNull(handler));
            return this;
        }

        public Builder handlers(List<? extends ActionHandler> all) {
            all.forEach(this::handler);
            return this;
        }

        /** Adds the connector of one kind of live inventory source; kinds must be unique. */
        public Builder connector(LiveInventoryConnector connector) {
            connectors.add(Objects.requireNonNull(connector));
            return this;
        }

        /** Where handlers and live sources get cloud credentials; by default none (their SDK's default chain). */
        public Builder credentials(CredentialProvider provider) {
            this.credentials = Objects.requireNonNull(provider);
            return this;
        }

        public Builder inventoryLimits(InventoryLimits limits) {
            this.inventoryLimits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder actionSettings(ActSettings settings) {
            this.actSettings = Objects.requireNonNull(settings);
            return this;
        }

        /** How often the started facade relays the outbox and sweeps expired exemptions; default 1 s. */
        public Builder housekeepingInterval(Duration interval) {
            if (interval.isNegative() || interval.toMillis() < 1) {
                throw new IllegalArgumentException("housekeepingInterval must be at least 1 ms");
            }
            this.housekeepingInterval = interval;
            return this;
        }

        /** The AI model behind analyses, generation, predictions and the assistant; by default none (local answers). */
        public Builder ai(AiClient client) {
            this.aiClient = Optional.of(client);
            return this;
        }

        /** Timeouts, breaker, bulkhead and budgets of the AI calls; default {@link AiSettings#DEFAULTS}. */
        public Builder aiSettings(AiSettings settings) {
            this.aiSettings = Objects.requireNonNull(settings);
            return this;
        }

        public Praetor build() {
            return new Praetor(this);
        }
    }
}
