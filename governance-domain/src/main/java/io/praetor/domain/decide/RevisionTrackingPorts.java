package io.praetor.domain.decide;

import io.praetor.ports.DrivenPorts;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.ElevationStore;
import io.praetor.ports.action.TransitionOutcome;
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
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceScope;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The adapter family with every write to a metrics input counted in {@link MetricInputRevisions}
 * once it commits (through {@link Transactions#afterCommit}, so a rolled-back write counts nothing
 * and a computation that saw uncommitted data is stamped with a revision that is already past).
 * Reads and the other ports go straight through.
 */
public final class RevisionTrackingPorts implements DrivenPorts {
    private final DrivenPorts d;
    private final MetricInputRevisions revisions;
    private final ResourceStore resources;
    private final PolicyStore policies;
    private final FindingStore findings;
    private final ActionStore actions;
    private final MetricSnapshotStore snapshots;

    public RevisionTrackingPorts(DrivenPorts delegate, MetricInputRevisions revisions) {
        this.d = delegate;
        this.revisions = revisions;
        this.resources = new Resources(delegate.resources());
        this.policies = new Policies(delegate.policies());
        this.findings = new Findings(delegate.findings());
        this.actions = new Actions(delegate.actions());
        this.snapshots = new Snapshots(delegate.metricSnapshots());
    }

    private void changed(TenantId tenant) {
        d.transactions().afterCommit(() -> revisions.changed(tenant));
    }

    @Override public InstantSource clock() { return d.clock(); }
    @Override public Transactions transactions() { return d.transactions(); }
    @Override public ResourceStore resources() { return resources; }
    @Override public PolicyStore policies() { return policies; }
    @Override public FindingStore findings() { return findings; }
    @Override public ExemptionStore exemptions() { return d.exemptions(); }
    @Override public ActionStore actions() { return actions; }
    @Override public ActionEventStore actionEvents() { return d.actionEvents(); }
    @Override public ElevationStore elevations() { return d.elevations(); }
    @Override public TenantEventStore tenantEvents() { return d.tenantEvents(); }
    @Override public MetricSnapshotStore metricSnapshots() { return snapshots; }
    @Override public InventorySourceRegistry inventorySources() { return d.inventorySources(); }
    @Override public EvidenceStore evidence() { return d.evidence(); }
    @Override public LedgerStore ledger() { return d.ledger(); }
    @Override public EventBus eventBus() { return d.eventBus(); }
    @Override public Locks locks() { return d.locks(); }
    @Override public IdempotencyRecords idempotency() { return d.idempotency(); }
    @Override public RateLimiter rateLimiter() { return d.rateLimiter(); }
    @Override public Cache cache() { return d.cache(); }
    @Override public Signer signer() { return d.signer(); }

    private final class Resources implements ResourceStore {
        private final ResourceStore s;

        Resources(ResourceStore s) { this.s = s; }

        @Override public Optional<Resource> get(TenantId t, String id) { return s.get(t, id); }
        @Override public Map<String, Resource> getAll(TenantId t, Collection<String> ids) { return s.getAll(t, ids); }
        @Override public Map<String, StoredVersion> versions(TenantId t, Collection<String> ids) { return s.versions(t, ids); }
        @Override public Page<Resource> query(TenantId t, ResourceQuery q, PageRequest p) { return s.query(t, q, p); }
        @Override public void forEach(TenantId t, ResourceQuery q, Consumer<Resource> c) { s.forEach(t, q, c); }
        @Override public Collection<String> idsInScope(TenantId t, ResourceScope scope) { return s.idsInScope(t, scope); }
        @Override public long count(TenantId t) { return s.count(t); }

        @Override
        public void putAll(TenantId t, Collection<Resource> rs) {
            s.putAll(t, rs);
            changed(t);
        }

        @Override
        public Collection<String> deleteAll(TenantId t, Collection<String> ids) {
            Collection<String> gone = s.deleteAll(t, ids);
            changed(t);
            return gone;
        }
    }

    private final class Policies implements PolicyStore {
        private final PolicyStore s;

        Policies(PolicyStore s) { this.s = s; }

        @Override public Optional<Policy> get(TenantId t, String id) { return s.get(t, id); }
        @Override public List<Policy> list(TenantId t) { return s.list(t); }

        @Override
        public void put(TenantId t, Policy p) {
            s.put(t, p);
            changed(t);
        }

        @Override
        public boolean delete(TenantId t, String id) {
            boolean existed = s.delete(t, id);
            changed(t);
            return existed;
        }
    }

    private final class Findings implements FindingStore {
        private final FindingStore s;

        Findings(FindingStore s) { this.s = s; }

        @Override public Optional<Finding> get(TenantId t, String id) { return s.get(t, id); }
        @Override public Optional<Finding> find(TenantId t, String policyId, String resourceId) { return s.find(t, policyId, resourceId); }
        @Override public List<Finding> forResource(TenantId t, String resourceId) { return s.forResource(t, resourceId); }
        @Override public Map<String, List<Finding>> forResources(TenantId t, Collection<String> ids) { return s.forResources(t, ids); }
        @Override public List<Finding> forPolicy(TenantId t, String policyId) { return s.forPolicy(t, policyId); }
        @Override public Page<Finding> query(TenantId t, FindingQuery q, PageRequest p) { return s.query(t, q, p); }
        @Override public long count(TenantId t, FindingQuery q) { return s.count(t, q); }
        @Override public Map<String, PairCounts> pairCounts(TenantId t) { return s.pairCounts(t); }

        @Override
        public void putAll(TenantId t, Collection<Finding> fs) {
            s.putAll(t, fs);
            changed(t);
        }

        @Override
        public void adjustPairCounts(TenantId t, String policyId, PairCounts delta) {
            s.adjustPairCounts(t, policyId, delta);
            changed(t);
        }

        @Override
        public void replacePairCounts(TenantId t, String policyId, PairCounts counts) {
            s.replacePairCounts(t, policyId, counts);
            changed(t);
        }
    }

    private final class Actions implements ActionStore {
        private final ActionStore s;

        Actions(ActionStore s) { this.s = s; }

        @Override public Optional<Action> get(TenantId t, String id) { return s.get(t, id); }
        @Override public Page<Action> query(TenantId t, ActionQuery q, PageRequest p) { return s.query(t, q, p); }
        @Override public long count(TenantId t, ActionQuery q) { return s.count(t, q); }

        @Override
        public void create(TenantId t, Action a) {
            s.create(t, a);
            changed(t);
        }

        @Override
        public TransitionOutcome update(TenantId t, Action updated, long expectedRevision, long fencingToken) {
            TransitionOutcome o = s.update(t, updated, expectedRevision, fencingToken);
            changed(t);
            return o;
        }
    }

    private final class Snapshots implements MetricSnapshotStore {
        private final MetricSnapshotStore s;

        Snapshots(MetricSnapshotStore s) { this.s = s; }

        @Override public List<DailySnapshot> range(TenantId t, LocalDate from, LocalDate to) { return s.range(t, from, to); }

        @Override
        public boolean putIfAbsent(TenantId t, DailySnapshot snapshot) {
            boolean stored = s.putIfAbsent(t, snapshot);
            if (stored) changed(t);
            return stored;
        }
    }
}
