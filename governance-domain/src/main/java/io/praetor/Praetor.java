package io.praetor;

import io.praetor.domain.act.ActPorts;
import io.praetor.domain.act.ActSettings;
import io.praetor.domain.act.ActionArtifacts;
import io.praetor.domain.act.ActionExecutor;
import io.praetor.domain.act.ActionHandlers;
import io.praetor.domain.act.ActionService;
import io.praetor.domain.decide.ExemptionService;
import io.praetor.domain.decide.FindingService;
import io.praetor.domain.decide.LocalAnalyst;
import io.praetor.domain.decide.MetricsService;
import io.praetor.domain.decide.PolicyCatalog;
import io.praetor.domain.decide.PolicyService;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryService;
import io.praetor.domain.detect.ResourceChange;
import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.AuditedActionEvents;
import io.praetor.domain.evidence.BundleWriter;
import io.praetor.domain.evidence.EvidenceQueries;
import io.praetor.domain.evidence.EvidenceRecorder;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ActionUseCases;
import io.praetor.ports.usecase.ElevationUseCases;
import io.praetor.ports.usecase.EvidenceUseCases;
import io.praetor.ports.usecase.ExemptionUseCases;
import io.praetor.ports.usecase.FindingUseCases;
import io.praetor.ports.usecase.InventoryUseCases;
import io.praetor.ports.usecase.LedgerUseCases;
import io.praetor.ports.usecase.MetricsUseCases;
import io.praetor.ports.usecase.PolicyUseCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Praetor SDK: detect → decide → act → evidence over one family of driven adapters.
 * Immutable and thread-safe once built; {@link #start()} starts the background work (the action
 * executor and the signer of ledger tree heads) and {@link #close()} stops it.
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
    private final DrivenPorts ports;
    private final InventoryService inventory;
    private final PolicyService policies;
    private final FindingService findings;
    private final ExemptionService exemptions;
    private final MetricsService metrics;
    private final ActionService actions;
    private final ActionExecutor executor;
    private final LedgerService ledger;
    private final EvidenceRecorder evidence;
    private final AuditTrail audit;
    private final BundleWriter bundles;
    private final EvidenceQueries evidenceQueries;

    private Praetor(Builder b) {
        this.ports = Objects.requireNonNull(b.ports, "ports: call ports(...) with an adapter family");
        var clock = ports.clock();
        ActionHandlers handlers = new ActionHandlers(b.handlers);

        this.ledger = new LedgerService(ports.ledger(), ports.signer(), clock);
        this.evidence = new EvidenceRecorder(ports.evidence(), ledger);
        this.audit = new AuditTrail(ledger);
        // every state event of an action is anchored in the ledger, so its bundle proves it
        ActPorts family = ActPorts.from(ports, b.credentials);
        ActPorts actPorts = new ActPorts(family.transactions(), family.actions(),
                new AuditedActionEvents(family.actionEvents(), family.transactions(), audit), family.tenantEvents(),
                family.elevations(), family.findings(), family.policies(), family.resources(), family.bus(),
                family.locks(), family.credentials(), family.clock());
        this.bundles = new BundleWriter(ledger, ports.actionEvents(), ports.evidence());

        ActionArtifacts artifacts = (tenant, actionId, name, mediaType, content) -> Optional.of(
                evidence.putForAction(Principal.system(tenant), actionId, content, mediaType, name).ref());
        this.actions = new ActionService(actPorts, handlers, b.actSettings, artifacts);
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
                ports.metricSnapshots(), clock, new LocalAnalyst());
        this.evidenceQueries = new EvidenceQueries(ledger, evidence, bundles, actions);
        this.executor = new ActionExecutor(actPorts, handlers, b.actSettings, this::upsertObserved, artifacts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the action executor and the tree-head signer; returns this. */
    public Praetor start() {
        executor.start();
        ledger.start();
        return this;
    }

    @Override
    public void close() {
        executor.close();
        ledger.close();
    }

    public InventoryUseCases inventory() {
        return inventory;
    }

    public PolicyUseCases policies() {
        return policies;
    }

    public FindingUseCases findings() {
        return findings;
    }

    public ExemptionUseCases exemptions() {
        return exemptions;
    }

    public MetricsUseCases metrics() {
        return metrics;
    }

    public ActionUseCases actions() {
        return actions;
    }

    public ElevationUseCases elevations() {
        return actions;
    }

    /** The per-tenant Merkle ledger: entries, proofs, signed heads, verification, export. */
    public LedgerService ledger() {
        return ledger;
    }

    /** Content-addressed evidence, each blob recorded in the ledger. */
    public EvidenceRecorder evidence() {
        return evidence;
    }

    /** Records privileged requests in the ledger. */
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

    /** Re-queues the tenant's unfinished actions after a restart; returns how many. */
    public int resumeActions(TenantId tenant) {
        return executor.resume(tenant);
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
        private CredentialProvider credentials = (tenant, provider, account) -> Optional.empty();
        private InventoryLimits inventoryLimits = InventoryLimits.DEFAULT;
        private ActSettings actSettings = ActSettings.DEFAULTS;

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

        /** Where handlers get cloud credentials; by default none (their SDK's default chain). */
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

        public Praetor build() {
            return new Praetor(this);
        }
    }
}
