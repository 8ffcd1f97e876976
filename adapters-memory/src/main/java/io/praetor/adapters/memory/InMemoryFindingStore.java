package io.praetor.adapters.memory;

import io.praetor.adapters.memory.IdIndex.Slot;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Findings per tenant in an {@link IdIndex}, with an index by resource (each resource's findings in an
 * id-sorted array, which also answers the (policy, resource) lookup), by policy (an {@link IdOrder}
 * of ids each) and counts by status, so the evaluator's lookups stay O(1) at 100k findings. Listing
 * sorts: id (default), risk_score, last_seen, first_seen, severity, each with {@code -} for
 * descending, ties by id.
 *
 * <p>{@link #putAll} is written for a scan's batch of half a million findings (ADR 0042). It sorts the
 * ids once as keys, groups the batch by resource in the order it came (a scan writes a resource's
 * findings together), and so reads each finding once, in the order it was made; the ordered indexes
 * take arrays, not a node per id. A finding that keeps its (policy, resource) pair (a status change)
 * leaves the policy index alone; the write records one undo step.
 */
final class InMemoryFindingStore implements FindingStore {
    private static final Finding[] NONE = new Finding[0];
    /** From this many findings a batch is sorted, checked and indexed on every core (a scan's, not an edit's). */
    static final int PARALLEL_BATCH = 4_096;
    private static final FindingStatus[] STATUSES = FindingStatus.values();

    private final InMemoryTransactions transactions;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    /** One tenant's findings and indexes; writes hold the shelf's lock, reads take none. */
    private static final class Shelf {
        final IdIndex<Finding> byId = new IdIndex<>();
        /** Each resource's findings sorted by id; an array is never changed once published (copy on write). */
        final Map<String, Finding[]> byResource = new ConcurrentHashMap<>();
        /**
         * Each policy's finding ids with the slots of {@link #byId}; an id whose finding is gone or now of
         * another policy is skipped.
         */
        final Map<String, IdOrder<Slot<Finding>>> idsByPolicy = new ConcurrentHashMap<>();
        final Map<String, PairCounts> pairCounts = new ConcurrentHashMap<>();
        /** Findings by status ordinal, so the open count of a trend point is not a walk of every finding. */
        final AtomicLongArray byStatus = new AtomicLongArray(STATUSES.length);

        Finding[] ofResource(String resourceId) {
            return byResource.getOrDefault(resourceId, NONE);
        }

        /** The finding stored for the pair, or null. */
        Finding ofPair(String policyId, String resourceId) {
            for (Finding f : ofResource(resourceId)) {
                if (f.policyId().equals(policyId)) return f;
            }
            return null;
        }

        /** Whether the slot holds a finding of {@code policyId} (still). */
        static boolean livesIn(String policyId, Slot<Finding> slot) {
            Finding f = slot.value;
            return f != null && f.policyId().equals(policyId);
        }

        /** Puts one finding (replacing {@code previous}, its stored version or null); the undo path. */
        synchronized void store(Finding f, Finding previous) {
            if (previous != null) unindex(previous);
            byId.put(f.id(), f);
            byStatus.incrementAndGet(f.status().ordinal());
            rewriteResource(f.resourceId(), new Finding[] {f}, Set.of());
            addToPolicy(f.policyId(), f.id());
        }

        synchronized void restore(String id, Finding previous) {
            Finding now = byId.get(id);
            if (now != null) {
                unindex(now);
                byId.remove(id);
            }
            if (previous != null) store(previous, null);
        }

        private void unindex(Finding f) {
            byStatus.decrementAndGet(f.status().ordinal());
            rewriteResource(f.resourceId(), NONE, Set.of(f.id()));
            leftPolicy(f.policyId());
        }

        void addToPolicy(String policyId, String id) {
            Slot<Finding> slot = byId.slot(id);
            idsByPolicy.compute(policyId, (p, ids) -> withSlot(ids == null ? new IdOrder<>() : ids, id, slot, s -> livesIn(p, s)));
        }

        /**
         * The order with {@code id} at {@code slot}. An order may hold an older slot of the id: the index
         * drops dead slots when it is made anew, and an id that comes back after that gets a new one.
         */
        static IdOrder<Slot<Finding>> withSlot(IdOrder<Slot<Finding>> order, String id, Slot<Finding> slot,
                                               Predicate<Slot<Finding>> live) {
            Slot<Finding> found = order.find(id);
            if (found == slot) return order;
            @SuppressWarnings("unchecked")
            Slot<Finding>[] one = new Slot[] {slot};
            return found == null ? order.add(id, slot, live) : order.with(new String[] {id}, one, live);
        }

        /** A finding of the policy has gone or moved to another policy. */
        void leftPolicy(String policyId) {
            idsByPolicy.computeIfPresent(policyId, (p, ids) -> ids.gone(s -> livesIn(p, s)));
        }

        /**
         * Replaces a resource's array by its findings without {@code drop}, with {@code put} (sorted by
         * id) inserted or replacing the finding of the same id.
         */
        void rewriteResource(String resourceId, Finding[] put, Set<String> drop) {
            Finding[] current = ofResource(resourceId);
            if (current.length == 0 && drop.isEmpty()) {
                // a new resource's findings (a first scan's every one): the sorted group is the array
                if (put.length > 0) byResource.put(resourceId, put);
                return;
            }
            Finding[] out = new Finding[current.length + put.length];
            int n = 0;
            int i = 0;
            int j = 0;
            while (i < current.length || j < put.length) {
                int order = i == current.length ? 1 : j == put.length ? -1 : current[i].id().compareTo(put[j].id());
                if (order < 0) {
                    if (!drop.contains(current[i].id())) out[n++] = current[i];
                    i++;
                } else {
                    if (order == 0) i++;
                    out[n++] = put[j++];
                }
            }
            if (n == 0) byResource.remove(resourceId);
            else byResource.put(resourceId, n == out.length ? out : Arrays.copyOf(out, n));
        }

        /** The findings of a policy, in id order. */
        List<Finding> ofPolicy(String policyId) {
            IdOrder<Slot<Finding>> ids = idsByPolicy.get(policyId);
            if (ids == null) return List.of();
            List<Finding> out = new ArrayList<>();
            for (IdOrder.Walk<Slot<Finding>> walk = ids.walk(null); walk.next(); ) {
                Finding f = walk.slot().value;
                if (f != null && f.policyId().equals(policyId)) out.add(f);
            }
            return out;
        }
    }

    InMemoryFindingStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Finding> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).byId.get(id));
    }

    @Override
    public Optional<Finding> find(TenantId tenant, String policyId, String resourceId) {
        return Optional.ofNullable(tenants.of(tenant).ofPair(policyId, resourceId));
    }

    @Override
    public List<Finding> forResource(TenantId tenant, String resourceId) {
        Finding[] found = tenants.of(tenant).ofResource(resourceId);
        return found.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(found));
    }

    @Override
    public List<Finding> forPolicy(TenantId tenant, String policyId) {
        return tenants.of(tenant).ofPolicy(policyId);
    }

    @Override
    public Page<Finding> query(TenantId tenant, FindingQuery query, PageRequest page) {
        Shelf shelf = tenants.of(tenant);
        Optional<SortOrder> sort = query.sort();
        if (sort.isEmpty() || sort.get().field().equals("id") && !sort.get().descending()) {
            return PageCursors.byKey(shelf.byId, query::matches, page);
        }
        Comparator<Finding> order = comparator(sort.get());
        List<Finding> matches = new ArrayList<>();
        for (Finding f : candidates(shelf, query)) {
            if (query.matches(f)) matches.add(f);
        }
        matches.sort(order);
        return PageCursors.byOffset(matches, page);
    }

    /** Whether the query filters by status or not at all: the shelf's counts answer it. */
    private static boolean byStatusAlone(FindingQuery q) {
        return q.severity().isEmpty() && q.policyId().isEmpty() && q.resourceId().isEmpty() && q.resourceType().isEmpty()
                && q.account().isEmpty() && q.framework().isEmpty() && q.tags().isEmpty();
    }

    /** The smallest index that holds every possible match. */
    private static Collection<Finding> candidates(Shelf shelf, FindingQuery query) {
        if (query.policyId().isPresent()) return shelf.ofPolicy(query.policyId().get());
        if (query.resourceId().isPresent()) return Arrays.asList(shelf.ofResource(query.resourceId().get()));
        return shelf.byId.sorted();
    }

    private static Comparator<Finding> comparator(SortOrder sort) {
        Comparator<Finding> field = switch (sort.field()) {
            case "id" -> Comparator.comparing(Finding::id);
            case "risk_score" -> Comparator.comparingDouble(Finding::riskScore);
            case "last_seen" -> Comparator.comparing(Finding::lastSeen);
            case "first_seen" -> Comparator.comparing(Finding::firstSeen);
            // enum order is most severe first; ascending severity means least severe first
            case "severity" -> Comparator.comparing(Finding::severity, Comparator.reverseOrder());
            default -> throw new PraetorException(ErrorCode.VALIDATION, "cannot sort findings by " + sort.field());
        };
        if (sort.descending()) field = field.reversed();
        return field.thenComparing(Finding::id);
    }

    @Override
    public long count(TenantId tenant, FindingQuery query) {
        Shelf shelf = tenants.of(tenant);
        if (byStatusAlone(query)) {
            return query.status().map(s -> shelf.byStatus.get(s.ordinal())).orElseGet(() -> (long) shelf.byId.size());
        }
        long n = 0;
        for (Finding f : candidates(shelf, query)) {
            if (query.matches(f)) n++;
        }
        return n;
    }

    @Override
    public void putAll(TenantId tenant, Collection<Finding> findings) {
        if (findings.isEmpty()) return;
        Shelf shelf = tenants.of(tenant);
        // sorted and grouped before the lock: it reads the batch only
        FindingBatch batch = FindingBatch.of(findings.toArray(Finding[]::new));
        synchronized (shelf) {
            // nothing is written before every pair is checked; a conflict is thrown on this thread
            Optional<String> conflict = Optional.empty();
            if (batch.parallel()) {
                conflict = batch.groups().parallelStream().map(g -> conflict(shelf, g)).flatMap(Optional::stream).findFirst();
            } else {
                // an edit's few findings: checked on this thread, without a stream
                for (int g = 0; g < batch.groups().size() && conflict.isEmpty(); g++) {
                    conflict = conflict(shelf, batch.groups().get(g));
                }
            }
            if (conflict.isPresent()) throw new PraetorException(ErrorCode.CONFLICT, conflict.get());
            String[] ids = batch.ids();
            Finding[] values = batch.values();
            int n = ids.length;
            Finding[] previous = new Finding[n];
            @SuppressWarnings("unchecked")
            Slot<Finding>[] slots = new Slot[n];
            shelf.byId.putAllSorted(ids, values, previous, slots);
            long[] statusDelta = batch.statusCounts();
            Map<String, Set<String>> movedAway = new HashMap<>();
            // the batch's ids new to each policy (by the batch's policy number), ascending: the batch is sorted
            String[] policies = batch.policies();
            int[] policyOf = batch.policyOf();
            boolean[] newToPolicy = new boolean[n];
            int[] newCount = new int[policies.length];
            for (int k = 0; k < n; k++) {
                Finding before = previous[k];
                if (before != null) {
                    statusDelta[before.status().ordinal()]--;
                    if (!before.resourceId().equals(values[k].resourceId())) {
                        movedAway.computeIfAbsent(before.resourceId(), r -> new HashSet<>()).add(ids[k]);
                    }
                    // a status change keeps the pair, and so the policy index
                    if (before.policyId().equals(policies[policyOf[k]])) continue;
                    shelf.leftPolicy(before.policyId());
                }
                newToPolicy[k] = true;
                newCount[policyOf[k]]++;
            }
            for (int st = 0; st < statusDelta.length; st++) shelf.byStatus.addAndGet(st, statusDelta[st]);
            int[][] addedToPolicy = new int[policies.length][];
            for (int p = 0; p < policies.length; p++) addedToPolicy[p] = new int[newCount[p]];
            int[] filled = new int[policies.length];
            for (int k = 0; k < n; k++) {
                if (newToPolicy[k]) addedToPolicy[policyOf[k]][filled[policyOf[k]]++] = k;
            }
            List<Runnable> writes = new ArrayList<>();
            for (int p = 0; p < policies.length; p++) {
                int[] added = addedToPolicy[p];
                String policyId = policies[p];
                if (added.length > 0) writes.add(() -> addToPolicy(shelf, policyId, added, ids, slots));
            }
            writes.add(() -> rewriteMovedAway(shelf, batch, movedAway));
            // the resources' arrays in a few tasks: no two tasks write one key
            List<FindingBatch.Group> groups = batch.groups();
            int tasks = batch.parallel() ? RESOURCE_TASKS : 1;
            for (int task = 0; task < tasks; task++) {
                List<FindingBatch.Group> part = groups.subList(groups.size() * task / tasks, groups.size() * (task + 1) / tasks);
                writes.add(() -> {
                    for (FindingBatch.Group g : part) {
                        shelf.rewriteResource(g.resourceId(), g.findings(), movedAway.getOrDefault(g.resourceId(), Set.of()));
                    }
                });
            }
            if (batch.parallel()) writes.parallelStream().forEach(Runnable::run);
            else writes.forEach(Runnable::run);
            transactions.recordUndo(() -> {
                for (int i = previous.length - 1; i >= 0; i--) shelf.restore(ids[i], previous[i]);
            });
        }
    }

    /** How many tasks write a large batch's resource arrays. */
    private static final int RESOURCE_TASKS = 16;

    /** Drops the findings that moved to another resource from the arrays of resources the batch has no group of. */
    private static void rewriteMovedAway(Shelf shelf, FindingBatch batch, Map<String, Set<String>> movedAway) {
        if (movedAway.isEmpty()) return;
        Set<String> grouped = new HashSet<>();
        for (FindingBatch.Group g : batch.groups()) grouped.add(g.resourceId());
        for (Map.Entry<String, Set<String>> gone : movedAway.entrySet()) {
            if (!grouped.contains(gone.getKey())) shelf.rewriteResource(gone.getKey(), NONE, gone.getValue());
        }
    }

    /**
     * Adds the batch's ids {@code ks} (ascending) to a policy's order: one by one when they are few next
     * to it, else by making the order anew from both in one merge (a first scan adds thousands of ids
     * to each policy's). An id the order holds with the same slot (its finding was of the policy before) is
     * not added again.
     */
    private static void addToPolicy(Shelf shelf, String policyId, int[] ks, String[] ids, Slot<Finding>[] slots) {
        IdOrder<Slot<Finding>> order = shelf.idsByPolicy.get(policyId);
        Predicate<Slot<Finding>> live = s -> Shelf.livesIn(policyId, s);
        if (order != null && (long) ks.length * 4 < order.size()) {
            for (int k : ks) order = Shelf.withSlot(order, ids[k], slots[k], live);
            shelf.idsByPolicy.put(policyId, order);
            return;
        }
        String[] addIds = new String[ks.length];
        @SuppressWarnings("unchecked")
        Slot<Finding>[] addSlots = new Slot[ks.length];
        int n = 0;
        for (int k : ks) {
            // already there with this slot; an older slot of the id is replaced by the merge
            if (order != null && order.find(ids[k]) == slots[k]) continue;
            addIds[n] = ids[k];
            addSlots[n++] = slots[k];
        }
        if (n < addIds.length) {
            addIds = Arrays.copyOf(addIds, n);
            addSlots = Arrays.copyOf(addSlots, n);
        }
        shelf.idsByPolicy.put(policyId, order == null ? IdOrder.of(addIds, addSlots, false) : order.with(addIds, addSlots, live));
    }

    /** The first finding of the group whose (policy, resource) pair another id holds, in the store or in the batch. */
    private static Optional<String> conflict(Shelf shelf, FindingBatch.Group group) {
        Finding[] stored = shelf.ofResource(group.resourceId());
        Finding[] ofOneResource = group.findings();
        for (int i = 0; i < ofOneResource.length; i++) {
            Finding f = ofOneResource[i];
            String owner = null;
            // the batch's policy numbers: no string compared, no other finding read
            for (int j = 0; j < i && owner == null; j++) {
                if (group.policies()[j] == group.policies()[i]) owner = ofOneResource[j].id();
            }
            for (int j = 0; j < stored.length && owner == null; j++) {
                if (stored[j].policyId().equals(f.policyId())) owner = stored[j].id();
            }
            if (owner != null && !owner.equals(f.id())) {
                return Optional.of("a finding of policy " + f.policyId() + " and resource " + f.resourceId()
                        + " exists with another id: " + owner);
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, PairCounts> pairCounts(TenantId tenant) {
        return Map.copyOf(tenants.of(tenant).pairCounts);
    }

    @Override
    public void adjustPairCounts(TenantId tenant, String policyId, PairCounts delta) {
        changeCounts(tenant, policyId, c -> (c == null ? PairCounts.ZERO : c).plus(delta));
    }

    @Override
    public void replacePairCounts(TenantId tenant, String policyId, PairCounts counts) {
        changeCounts(tenant, policyId, c -> counts);
    }

    private void changeCounts(TenantId tenant, String policyId, Function<PairCounts, PairCounts> change) {
        Map<String, PairCounts> counts = tenants.of(tenant).pairCounts;
        PairCounts[] previous = new PairCounts[1];
        counts.compute(policyId, (k, c) -> {
            previous[0] = c;
            PairCounts next = change.apply(c);
            return next.equals(PairCounts.ZERO) ? null : next;
        });
        transactions.recordUndo(() -> {
            if (previous[0] == null) counts.remove(policyId);
            else counts.put(policyId, previous[0]);
        });
    }
}
