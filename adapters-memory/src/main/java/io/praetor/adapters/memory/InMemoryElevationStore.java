package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Elevations in one {@link IdIndex} per tenant; listings are newest first (request time, then id). */
final class InMemoryElevationStore implements ElevationStore {
    private static final Comparator<Elevation> NEWEST_FIRST =
            Comparator.comparing(Elevation::requestedAt).thenComparing(Elevation::id).reversed();

    private final InMemoryTransactions transactions;
    private final TenantMaps<IdIndex<Elevation>> tenants = new TenantMaps<>(IdIndex::new);

    InMemoryElevationStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void create(TenantId tenant, Elevation elevation) {
        IdIndex<Elevation> index = tenants.of(tenant);
        synchronized (index) {
            if (index.get(elevation.id()) != null) {
                throw new PraetorException(ErrorCode.CONFLICT, "elevation exists: " + elevation.id());
            }
            index.put(elevation.id(), elevation);
        }
        transactions.recordUndo(() -> index.remove(elevation.id()));
    }

    @Override
    public Optional<Elevation> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).get(id));
    }

    @Override
    public List<Elevation> list(TenantId tenant) {
        List<Elevation> all = new ArrayList<>(tenants.of(tenant).sorted());
        all.sort(NEWEST_FIRST);
        return all;
    }

    @Override
    public List<Elevation> heldBy(TenantId tenant, String principal) {
        List<Elevation> out = new ArrayList<>();
        for (Elevation e : tenants.of(tenant).sorted()) {
            if (e.principal().equals(principal)) out.add(e);
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    @Override
    public boolean update(TenantId tenant, Elevation updated, long expectedRevision) {
        IdIndex<Elevation> index = tenants.of(tenant);
        Elevation previous;
        synchronized (index) {
            previous = index.get(updated.id());
            if (previous == null || previous.revision() != expectedRevision) return false;
            index.put(updated.id(), updated);
        }
        transactions.recordUndo(() -> index.put(updated.id(), previous));
        return true;
    }
}
