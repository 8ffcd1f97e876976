package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.SortOrder;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.inventory.ResourceScope;
import io.praetor.ports.inventory.ResourceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Resources in one {@link IdIndex} per tenant: lookups and counts are O(1), listings in id order
 * page from the cursor's id without scanning earlier entries, and other sorts sort the matches.
 * Sortable fields: id, name, type, provider, region, account, source, observed_at, version.
 */
final class InMemoryResourceStore implements ResourceStore {
    private final InMemoryTransactions transactions;
    private final TenantMaps<IdIndex<Resource>> tenants = new TenantMaps<>(IdIndex::new);

    InMemoryResourceStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Resource> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).get(id));
    }

    @Override
    public Map<String, Resource> getAll(TenantId tenant, Collection<String> ids) {
        IdIndex<Resource> map = tenants.of(tenant);
        Map<String, Resource> out = new HashMap<>(Math.max(16, ids.size() * 2));
        for (String id : ids) {
            Resource r = map.get(id);
            if (r != null) out.put(id, r);
        }
        return out;
    }

    @Override
    public Map<String, StoredVersion> versions(TenantId tenant, Collection<String> ids) {
        IdIndex<Resource> map = tenants.of(tenant);
        Map<String, StoredVersion> out = new HashMap<>(Math.max(16, ids.size() * 2));
        for (String id : ids) {
            Resource r = map.get(id);
            if (r != null) out.put(id, new StoredVersion(r.version(), r.contentHash()));
        }
        return out;
    }

    @Override
    public Page<Resource> query(TenantId tenant, ResourceQuery query, PageRequest page) {
        IdIndex<Resource> map = tenants.of(tenant);
        if (query.sort().isEmpty() || query.sort().get().field().equals("id") && !query.sort().get().descending()) {
            if (query.id().isPresent()) {
                Resource r = map.get(query.id().get());
                List<Resource> one = r != null && query.matches(r) ? List.of(r) : List.of();
                return PageCursors.byOffset(one, page);
            }
            return PageCursors.byKey(map, query::matches, page);
        }
        List<Resource> matches = new ArrayList<>();
        for (Resource r : map.sorted()) {
            if (query.matches(r)) matches.add(r);
        }
        matches.sort(comparator(query.sort().get()));
        return PageCursors.byOffset(matches, page);
    }

    private static Comparator<Resource> comparator(SortOrder sort) {
        Comparator<Resource> field = switch (sort.field()) {
            case "id" -> Comparator.comparing(Resource::id);
            case "name" -> Comparator.comparing(Resource::name);
            case "type" -> Comparator.comparing(Resource::type);
            case "provider" -> Comparator.comparing(Resource::provider);
            case "region" -> Comparator.comparing(Resource::region);
            case "account" -> Comparator.comparing(Resource::account);
            case "source" -> Comparator.comparing(Resource::source);
            case "observed_at" -> Comparator.comparing(Resource::observedAt);
            case "version" -> Comparator.comparingLong(Resource::version);
            default -> throw new PraetorException(ErrorCode.VALIDATION, "cannot sort resources by " + sort.field());
        };
        if (sort.descending()) field = field.reversed();
        return field.thenComparing(Resource::id);
    }

    @Override
    public void forEach(TenantId tenant, ResourceQuery query, Consumer<Resource> consumer) {
        for (Resource r : tenants.of(tenant).sorted()) {
            if (query.matches(r)) consumer.accept(r);
        }
    }

    @Override
    public Collection<String> idsInScope(TenantId tenant, ResourceScope scope) {
        List<String> ids = new ArrayList<>();
        for (Resource r : tenants.of(tenant).sorted()) {
            if (scope.covers(r)) ids.add(r.id());
        }
        return ids;
    }

    @Override
    public void putAll(TenantId tenant, Collection<Resource> resources) {
        IdIndex<Resource> map = tenants.of(tenant);
        for (Resource r : resources) {
            Resource previous = map.put(r.id(), r);
            transactions.recordUndo(() -> map.restore(r.id(), previous));
        }
    }

    @Override
    public Collection<String> deleteAll(TenantId tenant, Collection<String> ids) {
        IdIndex<Resource> map = tenants.of(tenant);
        List<String> deleted = new ArrayList<>();
        for (String id : ids) {
            Resource previous = map.remove(id);
            if (previous != null) {
                deleted.add(id);
                transactions.recordUndo(() -> map.put(id, previous));
            }
        }
        return deleted;
    }

    @Override
    public long count(TenantId tenant) {
        return tenants.of(tenant).size();
    }
}
