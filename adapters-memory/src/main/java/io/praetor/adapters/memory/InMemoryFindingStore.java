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
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

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
    private static final java.util.Comparator<Finding> BY_ID = Comparator.comparing(Finding::id);
    /** Batches at least this big are sorted on every core. */
    private static final int PARALLEL_SORT = 8192;

    private final InMemoryTransactions transactions;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    /** One tenant's findings and indexes; writes hold the shelf's lock, reads take none. */
    private static final class Shelf {
        final IdIndex<Finding> byId = new IdIndex<>();
        /** Each resource's findings sorted by id; an array is never changed once published (copy on write). */
        final Map<String, Finding[]> byResource = new ConcurrentHashMap<>();
        final Map<String, Set<String>> idsByPolicy = new ConcurrentHashMap<>();
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
            idsByPolicy.computeIfAbsent(f.policyId(), k -> new ConcurrentSkipListSet<>()).add(f.id());
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
            Set<String> ids = idsByPolicy.get(f.policyId());
            if (ids != null) {
                ids.remove(f.id());
                if (ids.isEmpty()) idsByPolicy.remove(f.policyId());
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

        /** The findings of an index set, in id order (the set is sorted). */
        List<Finding> resolve(Set<String> ids) {
            if (ids == null) return List.of();
            List<Finding> out = new ArrayList<>(ids.size());
            for (String id : ids) {
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
        Shelf shelf = tenants.of(tenant);
        return shelf.resolve(shelf.idsByPolicy.get(policyId));
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
        if (query.policyId().isPresent()) return shelf.resolve(shelf.idsByPolicy.get(query.policyId().get()));
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
        if (batch.length >= PARALLEL_SORT) Arrays.parallelSort(batch, BY_ID);
        else Arrays.sort(batch, BY_ID);
        synchronized (shelf) {
            List<Finding> sorted = lastOfEachId(batch);
            // without repeated ids the caller's order groups best (a scan writes each resource's findings together)
            Map<String, List<Finding>> byResource = byResource(sorted.size() == batch.length ? findings : sorted);
            for (Map.Entry<String, List<Finding>> group : byResource.entrySet()) checkPairs(shelf, group.getValue());
            Finding[] previous = new Finding[sorted.size()];
            Map<String, Set<String>> movedAway = new HashMap<>();
            for (int i = 0; i < previous.length; i++) {
                Finding f = sorted.get(i);
                Finding before = shelf.byId.put(f.id(), f);
                previous[i] = before;
                if (before != null && !before.resourceId().equals(f.resourceId())) {
                    movedAway.computeIfAbsent(before.resourceId(), k -> new HashSet<>()).add(f.id());
                }
                // a status change keeps the pair, and so the policy index
                if (before == null || !before.policyId().equals(f.policyId())) {
                    if (before != null) {
                        Set<String> ids = shelf.idsByPolicy.get(before.policyId());
                        if (ids != null) {
                            ids.remove(f.id());
                            if (ids.isEmpty()) shelf.idsByPolicy.remove(before.policyId());
                        }
                    }
                    shelf.idsByPolicy.computeIfAbsent(f.policyId(), k -> new ConcurrentSkipListSet<>()).add(f.id());
                }
            }
            for (Map.Entry<String, Set<String>> gone : movedAway.entrySet()) {
                if (!byResource.containsKey(gone.getKey())) shelf.rewriteResource(gone.getKey(), List.of(), gone.getValue());
            }
            for (Map.Entry<String, List<Finding>> group : byResource.entrySet()) {
                shelf.rewriteResource(group.getKey(), group.getValue(), movedAway.getOrDefault(group.getKey(), Set.of()));
            }
            transactions.recordUndo(() -> {
                for (int i = previous.length - 1; i >= 0; i--) shelf.restore(sorted.get(i).id(), previous[i]);
            });
        }
    }

    /** The findings grouped by resource, each group in id order; one map lookup per run of one resource. */
    private static Map<String, List<Finding>> byResource(Collection<Finding> findings) {
        Map<String, List<Finding>> groups = new HashMap<>();
        String resource = null;
        List<Finding> run = null;
        for (Finding f : findings) {
            if (!f.resourceId().equals(resource)) {
                resource = f.resourceId();
                run = groups.computeIfAbsent(resource, k -> new ArrayList<>(4));
            }
            run.add(f);
        }
        for (List<Finding> group : groups.values()) {
            if (group.size() > 1) group.sort(BY_ID);
        }
        return groups;
    }

    /** The id-sorted batch without the earlier writes of an id written more than once. */
    private static List<Finding> lastOfEachId(Finding[] sorted) {
        List<Finding> out = new ArrayList<>(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            if (i + 1 < sorted.length && sorted[i + 1].id().equals(sorted[i].id())) continue;
            out.add(sorted[i]);
        }
        return out;
    }

    /** Rejects a finding whose (policy, resource) pair another id holds, in the store or in the batch. */
    private static void checkPairs(Shelf shelf, List<Finding> ofOneResource) {
        for (int i = 0; i < ofOneResource.size(); i++) {
            Finding f = ofOneResource.get(i);
            String owner = null;
            for (int j = 0; j < i && owner == null; j++) {
                if (ofOneResource.get(j).policyId().equals(f.policyId())) owner = ofOneResource.get(j).id();
            }
            if (owner == null) {
                Finding stored = shelf.ofPair(f.policyId(), f.resourceId());
                if (stored != null) owner = stored.id();
            }
            if (owner != null && !owner.equals(f.id())) {
                throw new PraetorException(ErrorCode.CONFLICT, "a finding of policy " + f.policyId()
                        + " and resource " + f.resourceId() + " exists with another id: " + owner);
            }
        }
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
