package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.finding.PairCounts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Findings per tenant in an {@link IdIndex}, with an index by resource (each resource's findings in an
 * id-sorted array, which also answers the (policy, resource) lookup) and by policy (id-sorted id
 * sets), so the evaluator's lookups stay O(1) at 100k findings. Listing sorts: id (default),
 * risk_score, last_seen, first_seen, severity, each with {@code -} for descending, ties by id.
 *
 * <p>{@link #putAll} is written for a scan's batch of half a million findings: it sorts the batch by
 * id once, so the sorted indexes take ascending inserts (a random-order skip-list insert was most of
 * a first scan's store time), rewrites each touched resource's array once, leaves the policy index
 * alone when a finding keeps its (policy, resource) pair (a status change), and records one undo step.
 */
final class InMemoryFindingStore implements FindingStore {
    private static final Finding[] NONE = new Finding[0];
    /** From this many findings a batch is grouped, checked and indexed on every core (a scan's, not an edit's). */
    static final int PARALLEL_BATCH = 4_096;
    /** How many maps a large batch's groups are split into (a power of two, at most 128: a byte holds it). */
    private static final int BUCKETS = 16;

    private final InMemoryTransactions transactions;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    /** One tenant's findings and indexes; writes hold the shelf's lock, reads take none. */
    private static final class Shelf {
        final IdIndex<Finding> byId = new IdIndex<>();
        /** Each resource's findings sorted by id; an array is never changed once published (copy on write). */
        final Map<String, Finding[]> byResource = new ConcurrentHashMap<>();
        /** Each policy's finding ids, sorted (a map for {@link SortedMerge}; the values are all TRUE). */
        final Map<String, ConcurrentSkipListMap<String, Boolean>> idsByPolicy = new ConcurrentHashMap<>();
        final Map<String, PairCounts> pairCounts = new ConcurrentHashMap<>();
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

        /** Puts one finding (replacing {@code previous}, its stored version or null); the undo path. */
        synchronized void store(Finding f, Finding previous) {
            if (previous != null) unindex(previous);
            byId.put(f.id(), f);
            rewriteResource(f.resourceId(), List.of(f), Set.of());
            idsByPolicy.computeIfAbsent(f.policyId(), k -> new ConcurrentSkipListMap<>()).put(f.id(), Boolean.TRUE);
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
            rewriteResource(f.resourceId(), List.of(), Set.of(f.id()));
            removeFromPolicy(f.policyId(), f.id());
        }

        void removeFromPolicy(String policyId, String id) {
            ConcurrentSkipListMap<String, Boolean> ids = idsByPolicy.get(policyId);
            if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) idsByPolicy.remove(policyId);
            }
        }

        /**
         * Replaces a resource's array by its findings without {@code drop}, with {@code put} (sorted by
         * id) inserted or replacing the finding of the same id.
         */
        void rewriteResource(String resourceId, List<Finding> put, Set<String> drop) {
            Finding[] current = ofResource(resourceId);
            Finding[] out = new Finding[current.length + put.size()];
            int n = 0;
            int i = 0;
            int j = 0;
            while (i < current.length || j < put.size()) {
                int order = i == current.length ? 1 : j == put.size() ? -1 : current[i].id().compareTo(put.get(j).id());
                if (order < 0) {
                    if (!drop.contains(current[i].id())) out[n++] = current[i];
                    i++;
                } else {
                    if (order == 0) i++;
                    out[n++] = put.get(j++);
                }
            }
            if (n == 0) byResource.remove(resourceId);
            else byResource.put(resourceId, n == out.length ? out : Arrays.copyOf(out, n));
        }

        /** The findings of a policy, in id order (its id set is sorted). */
        List<Finding> ofPolicy(String policyId) {
            ConcurrentSkipListMap<String, Boolean> ids = idsByPolicy.get(policyId);
            if (ids == null) return List.of();
            List<Finding> out = new ArrayList<>();
            for (String id : ids.keySet()) {
                Finding f = byId.get(id);
                if (f != null) out.add(f);
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
        return found.length == 0 ? List.of() : java.util.Collections.unmodifiableList(Arrays.asList(found));
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

    /** The smallest index that holds every possible match. */
    private static Collection<Finding> candidates(Shelf shelf, FindingQuery query) {
        if (query.policyId().isPresent()) return shelf.ofPolicy(query.policyId().get());
        if (query.resourceId().isPresent()) return Arrays.asList(shelf.ofResource(query.resourceId().get()));
        return shelf.byId.values();
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
        Finding[] batch = findings.toArray(Finding[]::new);
        // stable: of two writes of one id, the later one stays last
        boolean repeats = IdSort.sort(batch, Finding::id);
        synchronized (shelf) {
            Finding[] values = repeats ? lastOfEachId(batch) : batch;
            boolean parallel = values.length >= PARALLEL_BATCH;
            List<Map<String, List<Finding>>> byResource = byResource(values);
            // nothing is written before every pair is checked; a conflict is thrown on this thread
            Optional<String> conflict = parallel
                    ? byResource.parallelStream().map(groups -> conflict(shelf, groups)).flatMap(Optional::stream).findFirst()
                    : conflict(shelf, byResource.get(0));
            if (conflict.isPresent()) throw new PraetorException(ErrorCode.CONFLICT, conflict.get());
            int n = values.length;
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) ids[i] = values[i].id();
            Finding[] previous = new Finding[n];
            shelf.byId.putAllSorted(ids, values, previous);
            Map<String, Set<String>> movedAway = new HashMap<>();
            // ids new to a policy, ascending (the batch is sorted)
            Map<String, List<String>> addedToPolicy = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Finding f = values[i];
                Finding before = previous[i];
                if (before != null && !before.resourceId().equals(f.resourceId())) {
                    movedAway.computeIfAbsent(before.resourceId(), k -> new HashSet<>()).add(f.id());
                }
                // a status change keeps the pair, and so the policy index
                if (before == null || !before.policyId().equals(f.policyId())) {
                    if (before != null) shelf.removeFromPolicy(before.policyId(), f.id());
                    addedToPolicy.computeIfAbsent(f.policyId(), k -> new ArrayList<>()).add(f.id());
                }
            }
            if (parallel) {
                writeInParallel(shelf, byResource, addedToPolicy, movedAway);
            } else {
                // an edit's few findings: written on this thread, without tasks or streams
                for (Map.Entry<String, List<String>> added : addedToPolicy.entrySet()) addToPolicy(shelf, added.getKey(), added.getValue());
                rewriteMovedAway(shelf, byResource, movedAway);
                rewriteResources(shelf, byResource.get(0), movedAway);
            }
            transactions.recordUndo(() -> {
                for (int i = previous.length - 1; i >= 0; i--) shelf.restore(ids[i], previous[i]);
            });
        }
    }

    /** Each policy's set and each bucket's resource arrays written by one task: no two tasks write one key. */
    private static void writeInParallel(Shelf shelf, List<Map<String, List<Finding>>> byResource,
                                        Map<String, List<String>> addedToPolicy, Map<String, Set<String>> movedAway) {
        List<Runnable> writes = new ArrayList<>();
        for (Map.Entry<String, List<String>> added : addedToPolicy.entrySet()) {
            writes.add(() -> addToPolicy(shelf, added.getKey(), added.getValue()));
        }
        writes.add(() -> rewriteMovedAway(shelf, byResource, movedAway));
        for (Map<String, List<Finding>> groups : byResource) writes.add(() -> rewriteResources(shelf, groups, movedAway));
        writes.parallelStream().forEach(Runnable::run);
    }

    /** Drops the findings that moved to another resource from the arrays of resources the batch has no group of. */
    private static void rewriteMovedAway(Shelf shelf, List<Map<String, List<Finding>>> byResource, Map<String, Set<String>> movedAway) {
        for (Map.Entry<String, Set<String>> gone : movedAway.entrySet()) {
            if (!groupsOf(byResource, gone.getKey()).containsKey(gone.getKey())) {
                shelf.rewriteResource(gone.getKey(), List.of(), gone.getValue());
            }
        }
    }

    private static void rewriteResources(Shelf shelf, Map<String, List<Finding>> groups, Map<String, Set<String>> movedAway) {
        for (Map.Entry<String, List<Finding>> group : groups.entrySet()) {
            shelf.rewriteResource(group.getKey(), group.getValue(), movedAway.getOrDefault(group.getKey(), Set.of()));
        }
    }

    /**
     * Adds ascending ids to a policy's set: one by one when they are few next to it, else by building
     * the set anew from both in one pass (a first scan adds thousands of ids to each policy's set).
     */
    private static void addToPolicy(Shelf shelf, String policyId, List<String> ascending) {
        ConcurrentSkipListMap<String, Boolean> ids = shelf.idsByPolicy.get(policyId);
        if (ids != null && (long) ascending.size() * 4 < ids.size()) {
            for (String id : ascending) ids.put(id, Boolean.TRUE);
            return;
        }
        Boolean[] present = new Boolean[ascending.size()];
        Arrays.fill(present, Boolean.TRUE);
        shelf.idsByPolicy.put(policyId, SortedMerge.of(ids == null ? new ConcurrentSkipListMap<>() : ids,
                ascending.toArray(String[]::new), present));
    }

    /**
     * The findings grouped by resource, each group in id order, the groups split into {@link #BUCKETS}
     * maps by the resource id's hash ({@link #groupsOf}); one map when the batch is small.
     */
    private static List<Map<String, List<Finding>>> byResource(Finding[] sortedById) {
        int n = sortedById.length;
        if (n < PARALLEL_BATCH) return List.of(group(sortedById, null, 0));
        // a first scan's half a million findings were grouped on the scan's thread alone (a quarter of the
        // store's time): each bucket is grouped by a task of its own, which reads the bucket numbers in order
        // and only its own findings
        byte[] bucketOf = new byte[n];
        IntStream.range(0, n).parallel().forEach(i -> bucketOf[i] = (byte) bucket(sortedById[i].resourceId()));
        return IntStream.range(0, BUCKETS).parallel().mapToObj(b -> group(sortedById, bucketOf, b)).toList();
    }

    /** The findings of bucket {@code b} (all when {@code bucketOf} is null) by resource; taken in id order, each group is in id order. */
    private static Map<String, List<Finding>> group(Finding[] sortedById, byte[] bucketOf, int b) {
        Map<String, List<Finding>> groups = new HashMap<>();
        for (int i = 0; i < sortedById.length; i++) {
            if (bucketOf != null && bucketOf[i] != b) continue;
            Finding f = sortedById[i];
            groups.computeIfAbsent(f.resourceId(), k -> new ArrayList<>(4)).add(f);
        }
        return groups;
    }

    /**
     * The bucket of a resource, from the top bits of a mix of its hash: a hash map indexes by the low
     * bits, and when the bucket was those bits too, each bucket's map used a sixteenth of its table and
     * its chains grew into trees.
     */
    private static int bucket(String resourceId) {
        return (resourceId.hashCode() * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(BUCKETS));
    }

    /** The map of {@link #byResource}'s result that holds the resource's group, if it has one. */
    private static Map<String, List<Finding>> groupsOf(List<Map<String, List<Finding>>> byResource, String resourceId) {
        return byResource.size() == 1 ? byResource.get(0) : byResource.get(bucket(resourceId));
    }

    /** The id-sorted batch without the earlier writes of an id written more than once. */
    private static Finding[] lastOfEachId(Finding[] sorted) {
        List<Finding> out = new ArrayList<>(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 < sorted.length && sorted[i + 1].id().equals(sorted[i].id())) continue;
            out.add(sorted[i]);
        }
        return out.toArray(Finding[]::new);
    }

    /** The first finding of the groups whose (policy, resource) pair another id holds, as the conflict's message. */
    private static Optional<String> conflict(Shelf shelf, Map<String, List<Finding>> groups) {
        for (Map.Entry<String, List<Finding>> group : groups.entrySet()) {
            Optional<String> found = conflict(shelf, group.getKey(), group.getValue());
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    /** A finding whose (policy, resource) pair another id holds, in the store or in the batch. */
    private static Optional<String> conflict(Shelf shelf, String resourceId, List<Finding> ofOneResource) {
        Finding[] stored = shelf.ofResource(resourceId);
        for (int i = 0; i < ofOneResource.size(); i++) {
            Finding f = ofOneResource.get(i);
            String owner = null;
            for (int j = 0; j < i && owner == null; j++) {
                if (ofOneResource.get(j).policyId().equals(f.policyId())) owner = ofOneResource.get(j).id();
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
