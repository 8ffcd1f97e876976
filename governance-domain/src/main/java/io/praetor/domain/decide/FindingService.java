package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.CompiledSelector;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.domain.events.TenantEventOutbox;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.ExemptionStatus;
import io.praetor.ports.finding.ExemptionStore;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.usecase.FindingUseCases;
import io.praetor.ports.usecase.ScanResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns policy outcomes into findings: opens, updates, resolves and exempts them with first/last
 * seen; keeps the per-policy pair counts behind the compliance score; appends {@code finding.*}
 * events through the {@link TenantEventOutbox} (stored with the change, published after commit). Entry points: full
 * {@link #scan(TenantId)}, incremental {@link #reevaluate} of changed and deleted resources, a put
 * policy's {@link #evaluatePolicy}, a deleted policy's {@link #resolvePolicy}, and exemption
 * changes and the expiry {@link #expireExemptions() sweep}.
 *
 * <p>Work for one tenant is serialised in this instance (a per-tenant lock). Thread-safe.
 */
public final class FindingService implements FindingUseCases {
    private static final Logger log = LoggerFactory.getLogger(FindingService.class);
    private static final int MAX_ERROR_SAMPLES = 20;
    private static final int SCAN_CHUNK = 2048;
    /** Slices of a scan chunk decided in parallel: a few per core, so a slow slice does not hold the others up. */
    private static final int SCAN_SLICES = Math.max(1, Runtime.getRuntime().availableProcessors() * 4);
    /**
     * An unchanged open finding's {@code last_seen} is rewritten at most this often: a scan of a
     * large tenant would otherwise rewrite every open finding only to move that one timestamp.
     */
    static final java.time.Duration LAST_SEEN_REFRESH = java.time.Duration.ofHours(1);

    private final ResourceStore resources;
    private final FindingStore findings;
    private final ExemptionStore exemptions;
    private final Transactions transactions;
    private final InstantSource clock;
    private final PolicyCatalog catalog;
    private final MetricSnapshotStore snapshots;
    private final Optional<FindingListener> listener;
    private final TenantEventOutbox outbox;
    private final ConcurrentHashMap<TenantId, Tenant> tenants = new ConcurrentHashMap<>();
    private volatile Instant lastSweep = Instant.EPOCH;

    public FindingService(ResourceStore resources, FindingStore findings, ExemptionStore exemptions,
                          TenantEventStore events, EventBus bus, Transactions transactions, InstantSource clock,
                          PolicyCatalog catalog, MetricSnapshotStore snapshots, Optional<FindingListener> listener) {
        this.resources = resources;
        this.findings = findings;
        this.exemptions = exemptions;
        this.transactions = transactions;
        this.clock = clock;
        this.catalog = catalog;
        this.snapshots = snapshots;
        this.listener = listener;
        this.outbox = new TenantEventOutbox(events, bus, transactions);
    }

    /** Per-tenant state of this instance: the lock and the last outcome of every pair. */
    private static final class Tenant {
        final ReentrantLock lock = new ReentrantLock();
        final PairStates states = new PairStates();
    }

    private Tenant tenant(TenantId id) {
        return tenants.computeIfAbsent(id, t -> new Tenant());
    }

    // ---- FindingUseCases ----

    @Override
    public Page<Finding> findings(Principal principal, FindingQuery query, PageRequest page) {
        require(principal, Role.VIEWER);
        return findings.query(principal.tenant(), query, page);
    }

    @Override
    public Finding finding(Principal principal, String id) {
        require(principal, Role.VIEWER);
        return findings.get(principal.tenant(), id).orElseThrow(() -> PraetorException.notFound("finding " + id));
    }

    @Override
    public ScanResult scan(Principal principal) {
        require(principal, Role.OPERATOR);
        return scan(principal.tenant());
    }

    static void require(Principal principal, Role role) {
        if (!principal.has(role)) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "this needs the " + role.wireName() + " role");
        }
    }

    // ---- full scan ----

    /** Evaluates every policy over every resource of the tenant and reconciles all findings. */
    public ScanResult scan(TenantId tenantId) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            return scanLocked(tenantId, t);
        } finally {
            t.lock.unlock();
        }
    }

    private ScanResult scanLocked(TenantId tenantId, Tenant t) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        PolicyEngine engine = catalog.refresh(tenantId);
        Batch batch = new Batch(tenantId, now, frameworkSets);
        // existing findings by resource: one lookup per resource instead of one per pair
        Map<String, List<Exemption>> active = new HashMap<>();
        List<List<Finding>> perPolicy = new ArrayList<>();
        int existingCount = 0;
        for (CompiledPolicy p : engine.policies()) {
            List<Finding> fs = findings.forPolicy(tenantId, p.id());
            perPolicy.add(fs);
            existingCount += fs.size();
            active.put(p.id(), exemptions.activeFor(tenantId, p.id(), now));
        }
        // grouped on every core (half a million findings one by one was half of a steady scan's CPU); the
        // order inside a group does not matter: a (policy, resource) pair has at most one finding
        Map<String, List<Finding>> existingByResource = existingCount == 0 ? new java.util.concurrent.ConcurrentHashMap<>()
                : perPolicy.parallelStream().flatMap(List::stream).collect(java.util.stream.Collectors.groupingByConcurrent(
                        Finding::resourceId, java.util.stream.Collectors.toCollection(ArrayList::new)));
        // findings not matched by a pair of this scan: resolved at the end
        Set<Finding> unmatched = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        t.states.markWarm(false);
        t.states.clear();
        long[] resourceCount = {0};
        List<Resource> chunk = new ArrayList<>(SCAN_CHUNK);
        List<Batch> decided = new ArrayList<>();
        Consumer<List<Resource>> flush = rs -> {
            // evaluation and the pair decisions are per resource, so a chunk is cut into contiguous slices
            // decided on every core, each into a batch of its own; the slices are then merged in order, so
            // the findings, events and error samples come out as if decided one resource after another
            int n = rs.size();
            int slices = Math.min(n, SCAN_SLICES);
            Batch[] parts = new Batch[slices];
            List<List<Finding>> unmatchedParts = new ArrayList<>(java.util.Collections.nCopies(slices, List.of()));
            IntStream.range(0, slices).parallel().forEach(s -> {
                Batch part = new Batch(tenantId, now, frameworkSets);
                List<Finding> partUnmatched = new ArrayList<>();
                for (int i = n * s / slices; i < n * (s + 1) / slices; i++) {
                    decide(part, t.states, engine, active, existingByResource, rs.get(i), now, partUnmatched);
                }
                parts[s] = part;
                unmatchedParts.set(s, partUnmatched);
            });
            for (int s = 0; s < slices; s++) {
                decided.add(parts[s]);
                unmatched.addAll(unmatchedParts.get(s));
            }
        };
        resources.forEach(tenantId, ResourceQuery.all(), r -> {
            resourceCount[0]++;
            chunk.add(r);
            if (chunk.size() == SCAN_CHUNK) {
                flush.accept(chunk);
                chunk.clear();
            }
        });
        flush.accept(chunk);
        batch.absorbAll(decided);
        decided.clear();
        // findings whose resource is gone or no longer of the policy's type
        for (List<Finding> rest : existingByResource.values()) {
            for (Finding f : rest) {
                if (f != null) unmatched.add(f);
            }
        }
        if (!unmatched.isEmpty()) {
            // resolved in the order of policy id, then resource id
            List<Finding> gone = new ArrayList<>(unmatched);
            gone.sort(java.util.Comparator.comparing(Finding::policyId).thenComparing(Finding::resourceId));
            for (Finding f : gone) resolve(batch, f, "resource no longer in scope");
        }
        Map<String, PairCounts> replace = new HashMap<>();
        for (CompiledPolicy p : engine.policies()) replace.put(p.id(), batch.counts(p.id()));
        for (String stale : findings.pairCounts(tenantId).keySet()) replace.putIfAbsent(stale, PairCounts.ZERO);
        commit(batch, replace, true);
        t.states.markWarm(true);
        snapshot(tenantId, now, resourceCount[0]);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        return new ScanResult("scan-" + UUID.randomUUID(), resourceCount[0], engine.size(), batch.evaluations,
                batch.opened, batch.resolved, batch.errors, batch.samples, durationMs);
    }

    /**
     * The scan's decisions for one resource: evaluates it, applies each outcome to {@code part} and
     * stores the resource's pair states (cleared before the scan, so every pair starts at NONE); its
     * findings that no outcome matched go to {@code unmatched}.
     */
    private void decide(Batch part, PairStates states, PolicyEngine engine, Map<String, List<Exemption>> active,
                        Map<String, List<Finding>> existingByResource, Resource r, Instant now, List<Finding> unmatched) {
        List<CompiledPolicy> policies = engine.policiesFor(r.type());
        if (policies.isEmpty()) return;
        ResourceActivation activation = ResourceActivation.of(r);
        List<Finding> mine = existingByResource.remove(r.id());
        String[] pairPolicies = new String[policies.size()];
        byte[] pairStates = new byte[pairPolicies.length];
        int pairs = 0;
        // each outcome applied as it is decided: no list of evaluations per resource (two million a scan)
        for (CompiledPolicy p : policies) {
            String pid = p.id();
            Finding old = take(mine, pid);
            byte after = apply(part, PairStates.NONE, p, r, activation, p.evaluateInScope(activation, now), Optional.ofNullable(old),
                    active.get(pid));
            if (after != PairStates.NONE) {
                pairPolicies[pairs] = pid;
                pairStates[pairs++] = after;
            }
        }
        states.putResource(r.id(), pairPolicies, pairStates, pairs);
        if (mine != null) {
            for (Finding f : mine) {
                if (f != null) unmatched.add(f);
            }
        }
    }

    /** The finding of {@code policyId} among a resource's, set to null in the list so it is matched once. */
    private static Finding take(List<Finding> mine, String policyId) {
        if (mine == null) return null;
        for (int i = 0; i < mine.size(); i++) {
            Finding f = mine.get(i);
            if (f != null && f.policyId().equals(policyId)) {
                mine.set(i, null);
                return f;
            }
        }
        return null;
    }


    /** Stores the day's trend point the first time the tenant is scanned that UTC day. */
    public boolean snapshot(TenantId tenantId, Instant now, long resourcesTotal) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // every scan after the day's first would count every open finding only for putIfAbsent to drop the
        // snapshot; a snapshot stored between this look and the put is still kept by putIfAbsent
        if (!snapshots.range(tenantId, today, today).isEmpty()) return false;
        double score = ComplianceScore.of(findings.pairCounts(tenantId).values());
        long open = findings.count(tenantId, FindingQuery.all().withStatus(FindingStatus.OPEN));
        return snapshots.putIfAbsent(tenantId, new DailySnapshot(today, score, open,
                resourcesTotal, now));
    }

    // ---- incremental ----

    /**
     * Re-evaluates changed resources (already stored) against the policies of their type, and
     * resolves the findings of deleted ones. Before the first full scan of this instance the pair
     * counts are unknown, so it runs a full scan instead (which covers the change).
     */
    public void reevaluate(TenantId tenantId, List<Resource> changed, List<String> deletedIds) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            if (!t.states.warm()) {
                scanLocked(tenantId, t);
                return;
            }
            Instant now = clock.instant();
            PolicyEngine engine = catalog.engine(tenantId);
            Batch batch = new Batch(tenantId, now, frameworkSets);
            Map<String, List<Exemption>> active = new HashMap<>();
            // one read for the findings of every changed and deleted resource, not one each
            List<String> ids = new ArrayList<>(changed.size() + deletedIds.size());
            for (Resource r : changed) ids.add(r.id());
            ids.addAll(deletedIds);
            Map<String, List<Finding>> stored = ids.isEmpty() ? Map.of() : findings.forResources(tenantId, ids);
            for (Resource r : changed) {
                Map<String, Finding> old = new HashMap<>();
                for (Finding f : stored.getOrDefault(r.id(), List.of())) old.put(f.policyId(), f);
                Map<String, Byte> previous = t.states.removeResource(r.id());
                // put the previous states back for the policies that still apply, so apply() sees them
                Set<String> applicable = new HashSet<>();
                ResourceActivation activation = ResourceActivation.of(r);
                List<PolicyEngine.Evaluation> evaluations = engine.evaluate(activation, now);
                for (PolicyEngine.Evaluation e : evaluations) {
                    applicable.add(e.policy().id());
                    Byte state = previous.get(e.policy().id());
                    if (state != null) t.states.set(r.id(), e.policy().id(), state);
                }
                for (Map.Entry<String, Byte> gone : previous.entrySet()) {
                    if (!applicable.contains(gone.getKey())) batch.count(gone.getKey(), gone.getValue(), -1);
                }
                for (PolicyEngine.Evaluation e : evaluations) {
                    String pid = e.policy().id();
                    // exemptions only matter to a violation: most pairs pass and need no store read
                    List<Exemption> ex = e.outcome() instanceof PolicyOutcome.Violation
                            ? active.computeIfAbsent(pid, id -> exemptions.activeFor(tenantId, id, now)) : List.of();
                    apply(batch, t.states, e.policy(), r, activation, e.outcome(), Optional.ofNullable(old.remove(pid)), ex);
                }
                for (Finding f : old.values()) resolve(batch, f, "resource no longer in scope");
            }
            for (String id : deletedIds) {
                for (Map.Entry<String, Byte> gone : t.states.removeResource(id).entrySet()) {
                    batch.count(gone.getKey(), gone.getValue(), -1);
                }
                for (Finding f : stored.getOrDefault(id, List.of())) resolve(batch, f, "resource deleted");
            }
            commitDeltas(batch, t);
        } finally {
            t.lock.unlock();
        }
    }

    // ---- policy changes ----

    /** Re-evaluates a (new or changed) policy over every resource of its types. */
    public void evaluatePolicy(TenantId tenantId, CompiledPolicy policy) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            catalog.put(tenantId, policy);
            Instant now = clock.instant();
            Batch batch = new Batch(tenantId, now, frameworkSets);
            t.states.removePolicy(policy.id());
            Map<String, Finding> existing = new HashMap<>();
            for (Finding f : findings.forPolicy(tenantId, policy.id())) existing.put(f.resourceId(), f);
            List<Exemption> active = exemptions.activeFor(tenantId, policy.id(), now);
            Set<String> seen = new HashSet<>();
            for (String pattern : policy.policy().resourceTypes()) {
                resources.forEach(tenantId, ResourceQuery.ofType(pattern), r -> {
                    if (!seen.add(r.id())) return;
                    ResourceActivation activation = ResourceActivation.of(r);
                    apply(batch, t.states, policy, r, activation, policy.evaluate(activation, now),
                            Optional.ofNullable(existing.remove(r.id())), active);
                });
            }
            for (Finding f : existing.values()) resolve(batch, f, "resource no longer in scope");
            commit(batch, Map.of(policy.id(), batch.counts(policy.id())), false);
        } catch (RuntimeException e) {
            t.states.markWarm(false);
            throw e;
        } finally {
            t.lock.unlock();
        }
    }

    /** Resolves every finding of a deleted policy and drops its pair counts. */
    public void resolvePolicy(TenantId tenantId, String policyId) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            catalog.remove(tenantId, policyId);
            frameworkSets.forget(policyId);
            t.states.removePolicy(policyId);
            Batch batch = new Batch(tenantId, clock.instant(), frameworkSets);
            for (Finding f : findings.forPolicy(tenantId, policyId)) resolve(batch, f, "policy deleted");
            commit(batch, Map.of(policyId, PairCounts.ZERO), false);
        } finally {
            t.lock.unlock();
        }
    }

    // ---- exemptions ----

    /** Exempts the open findings an exemption (just stored) covers. */
    public void applyExemption(TenantId tenantId, Exemption exemption) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            Instant now = clock.instant();
            if (exemption.statusAt(now) != ExemptionStatus.ACTIVE) return;
            Batch batch = new Batch(tenantId, now, frameworkSets);
            for (Finding f : findings.forPolicy(tenantId, exemption.policyId())) {
                if (f.status() != FindingStatus.OPEN) continue;
                Optional<Resource> r = resources.get(tenantId, f.resourceId());
                if (r.isEmpty() || !covers(exemption, r.get(), ResourceActivation.of(r.get()), now)) continue;
                exempt(batch, t.states, f, exemption.id());
            }
            commitDeltas(batch, t);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * Re-opens the findings a revoked or expired exemption held, unless another active exemption
     * still covers them.
     */
    public void liftExemption(TenantId tenantId, Exemption exemption) {
        Tenant t = tenant(tenantId);
        t.lock.lock();
        try {
            Instant now = clock.instant();
            Batch batch = new Batch(tenantId, now, frameworkSets);
            List<Exemption> others = exemptions.activeFor(tenantId, exemption.policyId(), now).stream()
                    .filter(e -> !e.id().equals(exemption.id())).toList();
            Optional<Policy> policy = catalog.engine(tenantId).policy(exemption.policyId()).map(CompiledPolicy::policy);
            for (Finding f : findings.forPolicy(tenantId, exemption.policyId())) {
                if (f.status() != FindingStatus.EXEMPTED || !f.exemptionId().equals(Optional.of(exemption.id()))) continue;
                Optional<Resource> r = resources.get(tenantId, f.resourceId());
                Optional<Exemption> other = r.flatMap(res -> exemptionFor(others, res, ResourceActivation.of(res), now));
                if (other.isPresent()) {
                    exempt(batch, t.states, f, other.get().id());
                } else {
                    Finding reopened = f.withStatus(FindingStatus.OPEN, now, Optional.empty());
                    batch.put(reopened, FindingEvents.Type.OPENED);
                    batch.opened++;
                    moveState(batch, t.states, f, PairStates.EXEMPTED, PairStates.VIOLATING);
                    policy.filter(p -> p.mode() == PolicyMode.AUTO).ifPresent(p -> batch.autoOpened.add(new Opened(reopened, p)));
                }
            }
            commitDeltas(batch, t);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * The expiry sweep: lifts every exemption that expired since the last sweep (at or before now:
     * expiry is exact). Returns how many it lifted. Call it from a scheduler; it reads the clock.
     */
    public int expireExemptions() {
        Instant now = clock.instant();
        Instant after = lastSweep;
        int lifted = 0;
        for (ExemptionStore.TenantExemption te : exemptions.expiringBetween(after, now)) {
            if (te.exemption().statusAt(now) == ExemptionStatus.EXPIRED) {
                liftExemption(te.tenant(), te.exemption());
                lifted++;
            }
        }
        lastSweep = now;
        return lifted;
    }

    // ---- the pair decision ----

    private void apply(Batch batch, PairStates states, CompiledPolicy policy, Resource r, ResourceActivation activation,
                       PolicyOutcome outcome, Optional<Finding> existing, List<Exemption> active) {
        byte before = states.get(r.id(), policy.id());
        byte after = apply(batch, before, policy, r, activation, outcome, existing, active);
        if (before != after) states.set(r.id(), policy.id(), after);
    }

    /** Applies one outcome to the findings and pair counts of the batch; returns the pair's new state. */
    private byte apply(Batch batch, byte before, CompiledPolicy policy, Resource r, ResourceActivation activation,
                       PolicyOutcome outcome, Optional<Finding> existing, List<Exemption> active) {
        String pid = policy.id();
        byte after;
        switch (outcome) {
            case PolicyOutcome.OutOfScope o -> {
                after = PairStates.NONE;
                // no lambda: this runs for every pair of a scan
                if (existing.isPresent()) resolve(batch, existing.get(), "out of scope");
            }
            case PolicyOutcome.Pass p -> {
                batch.evaluations++;
                after = PairStates.PASSING;
                if (existing.isPresent()) resolve(batch, existing.get(), "passes");
            }
            case PolicyOutcome.Error e -> {
                batch.evaluations++;
                after = PairStates.ERRORED;
                batch.errors++;
                if (batch.samples.size() < MAX_ERROR_SAMPLES) {
                    batch.samples.add(new ScanResult.EvaluationError(pid, r.id(), e.message()));
                }
            }
            case PolicyOutcome.Violation v -> {
                batch.evaluations++;
                Optional<Exemption> exemption = exemptionFor(active, r, activation, batch.now);
                after = exemption.isPresent() ? PairStates.EXEMPTED : PairStates.VIOLATING;
                violation(batch, policy.policy(), r, v, existing, exemption);
            }
        }
        if (before != after) {
            batch.count(pid, before, -1);
            batch.count(pid, after, +1);
        }
        return after;
    }

    private void violation(Batch batch, Policy policy, Resource r, PolicyOutcome.Violation v, Optional<Finding> existing,
                           Optional<Exemption> exemption) {
        Instant now = batch.now;
        FindingStatus status = exemption.isPresent() ? FindingStatus.EXEMPTED : FindingStatus.OPEN;
        Optional<String> exemptionId = exemption.map(Exemption::id);
        if (existing.isEmpty() || existing.get().status() == FindingStatus.RESOLVED) {
            // a new finding, or a resolved one happening again: a new episode, first seen now
            String id = existing.isPresent() ? existing.get().id() : findingId(policy.id(), r.id());
            List<String> actions = existing.map(Finding::actionIds).orElse(List.of());
            Finding f = new Finding(id, policy.id(), r.id(), r.key(), r.type(), r.account(), policy.severity(), v.risk(),
                    status, policy.title(), v.message(), now, now, Optional.empty(), exemptionId, actions,
                    batch.frameworks(policy), r.tags());
            if (status == FindingStatus.OPEN) {
                batch.put(f, FindingEvents.Type.OPENED);
                batch.opened++;
                if (policy.mode() == PolicyMode.AUTO) batch.autoOpened.add(new Opened(f, policy));
            } else {
                batch.put(f, FindingEvents.Type.EXEMPTED);
            }
            return;
        }
        Finding old = existing.get();
        Set<String> frameworks = batch.frameworks(policy);
        // a steady scan finds nearly every open finding as it was: nothing is built for it
        if (old.status() == status && old.exemptionId().equals(exemptionId)
                && sameExceptLastSeen(old, policy, r, v, frameworks) && old.lastSeen().plus(LAST_SEEN_REFRESH).isAfter(now)) {
            return;
        }
        Finding f = new Finding(old.id(), policy.id(), r.id(), r.key(), r.type(), r.account(), policy.severity(), v.risk(),
                status, policy.title(), v.message(), old.firstSeen(), now, Optional.empty(), exemptionId, old.actionIds(),
                frameworks, r.tags());
        if (old.status() != status) {
            batch.put(f, status == FindingStatus.OPEN ? FindingEvents.Type.OPENED : FindingEvents.Type.EXEMPTED);
            if (status == FindingStatus.OPEN) {
                batch.opened++;
                if (policy.mode() == PolicyMode.AUTO) batch.autoOpened.add(new Opened(f, policy));
            }
        } else if (!old.exemptionId().equals(exemptionId)) {
            batch.put(f, FindingEvents.Type.EXEMPTED);
        } else {
            // changed, or its last_seen is due a refresh
            batch.put(f, null);
        }
    }

    /**
     * Whether the finding this violation would make differs from {@code old} only in {@code lastSeen},
     * so rewriting it would tell nobody anything new.
     */
    private static boolean sameExceptLastSeen(Finding old, Policy policy, Resource r, PolicyOutcome.Violation v,
                                              Set<String> frameworks) {
        return old.riskScore() == v.risk() && old.severity() == policy.severity() && old.message().equals(v.message())
                && old.title().equals(policy.title()) && old.resourceType().equals(r.type())
                && old.account().equals(r.account()) && old.tags().equals(r.tags()) && old.frameworks().equals(frameworks)
                && old.resourceKey().equals(r.key());
    }

    private void resolve(Batch batch, Finding f, String why) {
        if (f.status() == FindingStatus.RESOLVED) return;
        batch.put(f.withStatus(FindingStatus.RESOLVED, batch.now, Optional.empty()), FindingEvents.Type.RESOLVED);
        batch.resolved++;
    }

    private void exempt(Batch batch, PairStates states, Finding f, String exemptionId) {
        byte from = f.status() == FindingStatus.EXEMPTED ? PairStates.EXEMPTED : PairStates.VIOLATING;
        batch.put(f.withStatus(FindingStatus.EXEMPTED, batch.now, Optional.of(exemptionId)), FindingEvents.Type.EXEMPTED);
        moveState(batch, states, f, from, PairStates.EXEMPTED);
    }

    /**
     * Moves a pair between two states. With a warm cache only a pair it knows in {@code from}
     * moves (an errored pair keeps its finding but counts as errored); before the first scan the
     * finding's status is the best knowledge of the pair, and the counts follow it.
     */
    private void moveState(Batch batch, PairStates states, Finding f, byte from, byte to) {
        if (from == to) return;
        if (states.warm()) {
            byte current = states.get(f.resourceId(), f.policyId());
            if (current != from) return;
        }
        states.set(f.resourceId(), f.policyId(), to);
        batch.count(f.policyId(), from, -1);
        batch.count(f.policyId(), to, +1);
    }

    private Optional<Exemption> exemptionFor(List<Exemption> active, Resource r, ResourceActivation activation, Instant now) {
        for (Exemption e : active) {
            if (covers(e, r, activation, now)) return Optional.of(e);
        }
        return Optional.empty();
    }

    private boolean covers(Exemption e, Resource r, ResourceActivation activation, Instant now) {
        if (e.statusAt(now) != ExemptionStatus.ACTIVE) return false;
        if (e.resourceId().isPresent()) return e.resourceId().get().equals(r.id());
        Optional<CompiledSelector> selector = e.selector().flatMap(catalog::selector);
        return selector.isPresent() && selector.get().matches(activation, now);
    }

    /**
     * One finding per (policy, resource): its id is {@code "f-"} and the name-based UUID (MD5, version
     * 3, as {@code UUID.nameUUIDFromBytes} makes it) of {@code policy NUL resource} in UTF-8. Computed
     * with one digest and buffer per thread and written straight into the id's bytes: a first scan
     * makes half a million ids, and the encoded names, the UUID and its text were a copy each.
     */
    static String findingId(String policyId, String resourceId) {
        IdDigest d = ID_DIGEST.get();
        d.update(policyId);
        d.md5.update((byte) 0);
        d.updateResourceId(resourceId);
        byte[] md5 = d.hash;
        try {
            d.md5.digest(md5, 0, 16);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("an MD5 digest is 16 bytes", e);
        }
        md5[6] = (byte) (md5[6] & 0x0f | 0x30);
        md5[8] = (byte) (md5[8] & 0x3f | 0x80);
        byte[] id = new byte[38];
        id[0] = 'f';
        id[1] = '-';
        int at = 2;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) id[at++] = '-';
            id[at++] = HEX[(md5[i] >> 4) & 0xf];
            id[at++] = HEX[md5[i] & 0xf];
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final ThreadLocal<IdDigest> ID_DIGEST = ThreadLocal.withInitial(IdDigest::new);

    /** A thread's MD5 digest, with a buffer for ASCII names and one for the hash. */
    private static final class IdDigest {
        final java.security.MessageDigest md5;
        final byte[] hash = new byte[16];
        byte[] ascii = new byte[128];

        IdDigest() {
            try {
                md5 = java.security.MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is a required JDK algorithm", e);
            }
        }

        /**
         * The resource id last fed and its UTF-8: a resource's findings are made one after another on one
         * thread, so its id is encoded once, not once per finding.
         */
        private String lastResourceId;
        private byte[] resourceUtf8 = new byte[128];
        private int resourceUtf8Length;

        /** Feeds the UTF-8 of {@code s}. */
        void update(String s) {
            if (s.length() > ascii.length) ascii = new byte[Math.max(s.length(), ascii.length * 2)];
            int n = ascii(s, ascii);
            if (n < 0) md5.update(s.getBytes(StandardCharsets.UTF_8));
            else md5.update(ascii, 0, n);
        }

        /** As {@link #update}, for a resource id (see {@link #lastResourceId}). */
        void updateResourceId(String s) {
            if (!s.equals(lastResourceId)) {
                if (s.length() > resourceUtf8.length) resourceUtf8 = new byte[Math.max(s.length(), resourceUtf8.length * 2)];
                int n = ascii(s, resourceUtf8);
                if (n < 0) {
                    resourceUtf8 = s.getBytes(StandardCharsets.UTF_8);
                    n = resourceUtf8.length;
                }
                resourceUtf8Length = n;
                lastResourceId = s;
            }
            md5.update(resourceUtf8, 0, resourceUtf8Length);
        }

        /** Writes {@code s} into {@code into} (long enough) when it is ASCII, as nearly every id is: its length, else -1. */
        private static int ascii(String s, byte[] into) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) return -1;
                into[i] = (byte) c;
            }
            return n;
        }
    }

    // ---- committing ----

    private record Opened(Finding finding, Policy policy) {}

    /**
     * The framework set of each policy, kept across operations while the policy object is the same
     * (a changed policy is a new object): an incremental re-evaluation copied it for every violated
     * policy each time.
     */
    private static final class FrameworkSets {
        private record Entry(Policy policy, Set<String> frameworks) {}

        private final ConcurrentHashMap<String, Entry> byPolicyId = new ConcurrentHashMap<>();

        Set<String> of(Policy policy) {
            Entry e = byPolicyId.get(policy.id());
            if (e == null || e.policy() != policy) {
                e = new Entry(policy, Set.copyOf(policy.frameworks().keySet()));
                byPolicyId.put(policy.id(), e);
            }
            return e.frameworks();
        }

        /** Drops a deleted policy's set (another tenant's policy of that id only computes it again). */
        void forget(String policyId) {
            byPolicyId.remove(policyId);
        }
    }

    private final FrameworkSets frameworkSets = new FrameworkSets();

    /** The changes of one operation, written in one transaction. */
    private static final class Batch {
        final TenantId tenant;
        final Instant now;
        /**
         * Every write, in order. An id written twice is in it twice, and the store keeps the last write, as
         * it does for repeated ids in one call: a map by id cost the scan a hash entry per finding.
         */
        final ArrayList<Finding> puts = new ArrayList<>();
        final FindingEvents events = new FindingEvents();
        final List<Opened> autoOpened = new ArrayList<>();
        final Map<String, long[]> counts = new HashMap<>();
        final List<ScanResult.EvaluationError> samples = new ArrayList<>();
        long evaluations;
        long opened;
        long resolved;
        long errors;

        private final FrameworkSets frameworkSets;

        Batch(TenantId tenant, Instant now, FrameworkSets frameworkSets) {
            this.tenant = tenant;
            this.now = now;
            this.frameworkSets = frameworkSets;
        }

        /** Writes {@code f}, with an event of {@code type} (null: none). */
        void put(Finding f, FindingEvents.Type type) {
            puts.add(f);
            if (type != null) events.add(f, type);
        }

        /** One immutable framework set per policy, shared by its findings instead of a copy each. */
        Set<String> frameworks(Policy policy) {
            return frameworkSets.of(policy);
        }

        /**
         * Absorbs {@code later} batches in order, into lists of their final size: grown by half again on
         * each absorb, a first scan's half a million writes and events went through several arrays too
         * large for a G1 region, and each such allocation could start a concurrent collection cycle.
         * The lists keep room for the resolutions that may follow.
         */
        void absorbAll(List<Batch> later) {
            int putCount = puts.size();
            int eventCount = events.size();
            for (Batch b : later) {
                putCount += b.puts.size();
                eventCount += b.events.size();
            }
            int room = Math.max(16, putCount / 64);
            puts.ensureCapacity(putCount + room);
            events.ensureCapacity(eventCount + room);
            for (Batch b : later) absorb(b);
        }

        /** Appends another batch's changes after this one's (the scan's slices, merged in resource order). */
        private void absorb(Batch later) {
            puts.addAll(later.puts);
            events.addAll(later.events);
            autoOpened.addAll(later.autoOpened);
            later.counts.forEach((pid, c) -> {
                long[] mine = counts.computeIfAbsent(pid, k -> new long[5]);
                for (int i = 0; i < c.length; i++) mine[i] += c[i];
            });
            for (ScanResult.EvaluationError e : later.samples) {
                if (samples.size() < MAX_ERROR_SAMPLES) samples.add(e);
            }
            evaluations += later.evaluations;
            opened += later.opened;
            resolved += later.resolved;
            errors += later.errors;
        }

        boolean hasPuts() {
            return !puts.isEmpty();
        }

        void count(String policyId, byte state, int delta) {
            if (state == PairStates.NONE) return;
            counts.computeIfAbsent(policyId, k -> new long[5])[state] += delta;
        }

        PairCounts counts(String policyId) {
            long[] c = counts.getOrDefault(policyId, new long[5]);
            return new PairCounts(c[PairStates.PASSING], c[PairStates.VIOLATING], c[PairStates.EXEMPTED], c[PairStates.ERRORED]);
        }
    }

    private void commitDeltas(Batch batch, Tenant t) {
        try {
            commit(batch, Map.of(), false);
        } catch (RuntimeException e) {
            // the cache may now disagree with the store: the next change rebuilds it with a scan
            t.states.markWarm(false);
            throw e;
        }
    }

    /** Writes the batch; {@code replace} sets counts absolutely, other touched policies get deltas. */
    private void commit(Batch batch, Map<String, PairCounts> replace, boolean replaceOnly) {
        if (!batch.hasPuts() && batch.counts.isEmpty() && replace.isEmpty()) return;
        transactions.inTransaction(() -> {
            if (batch.hasPuts()) findings.putAll(batch.tenant, batch.puts);
            replace.forEach((pid, c) -> findings.replacePairCounts(batch.tenant, pid, c));
            if (!replaceOnly) {
                for (String pid : batch.counts.keySet()) {
                    if (replace.containsKey(pid)) continue;
                    PairCounts delta = batch.counts(pid);
                    if (!delta.equals(PairCounts.ZERO)) findings.adjustPairCounts(batch.tenant, pid, delta);
                }
            }
            outbox.append(batch.tenant, batch.events.drafts(batch.tenant, batch.now));
            List<Opened> opened = List.copyOf(batch.autoOpened);
            transactions.afterCommit(() -> notifyOpened(batch.tenant, opened));
            return null;
        });
    }

    private void notifyOpened(TenantId tenant, List<Opened> opened) {
        if (listener.isEmpty()) return;
        for (Opened o : opened) {
            try {
                listener.get().onOpened(tenant, o.finding(), o.policy());
            } catch (RuntimeException e) {
                log.warn("finding listener failed for {} {}: {}", tenant, o.finding().id(), e.toString());
            }
        }
    }
}
