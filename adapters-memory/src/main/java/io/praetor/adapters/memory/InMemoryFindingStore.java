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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * Findings per tenant in an {@link IdIndex}, with hash indexes by (policy, resource), by resource and
 * by policy so the evaluator's lookups stay O(1) at 100k findings. Listing sorts: id (default),
 * risk_score, last_seen, first_seen, severity, each with {@code -} for descending, ties by id.
 */
final class InMemoryFindingStore implements FindingStore {
    private final InMemoryTransactions transactions;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    /** One tenant's findings and indexes; writes hold the shelf's lock. */
    private static final class Shelf {
        final IdIndex<Finding> byId = new IdIndex<>();
        final Map<String, String> idByPair = new ConcurrentHashMap<>();
        final Map<String, Set<String>> idsByResource = new ConcurrentHashMap<>();
        final Map<String, Set<String>> idsByPolicy = new ConcurrentHashMap<>();
        final Map<String, PairCounts> pairCounts = new ConcurrentHashMap<>();

        synchronized void store(Finding f, Finding previous) {
            if (previous != null) unindex(previous);
            byId.put(f.id(), f);
            idByPair.put(pair(f.policyId(), f.resourceId()), f.id());
            // sorted sets: listings come out in id order without sorting them on every read (a full scan reads them all)
            idsByResource.computeIfAbsent(f.resourceId(), k -> new ConcurrentSkipListSet<>()).add(f.id());
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
            idByPair.remove(pair(f.policyId(), f.resourceId()), f.id());
            removeFrom(idsByResource, f.resourceId(), f.id());
            removeFrom(idsByPolicy, f.policyId(), f.id());
        }

        private static void removeFrom(Map<String, Set<String>> index, String key, String id) {
            Set<String> ids = index.get(key);
            if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) index.remove(key);
            }
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

    private static String pair(String policyId, String resourceId) {
        return policyId + '\u0000' + resourceId;
    }

    @Override
    public Optional<Finding> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).byId.get(id));
    }

    @Override
    public Optional<Finding> find(TenantId tenant, String policyId, String resourceId) {
        Shelf shelf = tenants.of(tenant);
        String id = shelf.idByPair.get(pair(policyId, resourceId));
        return id == null ? Optional.empty() : Optional.ofNullable(shelf.byId.get(id));
    }

    @Override
    public List<Finding> forResource(TenantId tenant, String resourceId) {
        Shelf shelf = tenants.of(tenant);
        return shelf.resolve(shelf.idsByResource.get(resourceId));
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
            return PageCursors.byKey(shelf.byId.sorted(), query::matches, page);
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
        if (query.resourceId().isPresent()) return shelf.resolve(shelf.idsByResource.get(query.resourceId().get()));
        return shelf.byId.sorted().values();
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
        Shelf shelf = tenants.of(tenant);
        synchronized (shelf) {
            Map<String, String> pairsInBatch = new HashMap<>();
            for (Finding f : findings) {
                String p = pair(f.policyId(), f.resourceId());
                String owner = pairsInBatch.containsKey(p) ? pairsInBatch.get(p) : shelf.idByPair.get(p);
                if (owner != null && !owner.equals(f.id())) {
                    throw new PraetorException(ErrorCode.CONFLICT, "a finding of policy " + f.policyId()
                            + " and resource " + f.resourceId() + " exists with another id: " + owner);
                }
                pairsInBatch.put(p, f.id());
            }
            for (Finding f : findings) {
                Finding previous = shelf.byId.get(f.id());
                shelf.store(f, previous);
                transactions.recordUndo(() -> shelf.restore(f.id(), previous));
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
