package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.ExemptionStatus;
import io.praetor.ports.finding.ExemptionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Exemptions in one {@link IdIndex} per tenant; listings sort by creation time, then id. */
final class InMemoryExemptionStore implements ExemptionStore {
    private static final Comparator<Exemption> BY_CREATION =
            Comparator.comparing(Exemption::createdAt).thenComparing(Exemption::id);

    private final InMemoryTransactions transactions;
    private final TenantMaps<IdIndex<Exemption>> tenants = new TenantMaps<>(IdIndex::new);

    InMemoryExemptionStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void put(TenantId tenant, Exemption exemption) {
        IdIndex<Exemption> index = tenants.of(tenant);
        Exemption previous = index.put(exemption.id(), exemption);
        transactions.recordUndo(() -> index.restore(exemption.id(), previous));
    }

    @Override
    public Optional<Exemption> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).get(id));
    }

    @Override
    public List<Exemption> list(TenantId tenant) {
        List<Exemption> all = new ArrayList<>(tenants.of(tenant).sorted());
        all.sort(BY_CREATION);
        return all;
    }

    @Override
    public List<Exemption> activeFor(TenantId tenant, String policyId, Instant now) {
        List<Exemption> out = new ArrayList<>();
        for (Exemption e : tenants.of(tenant).sorted()) {
            if (e.policyId().equals(policyId) && e.statusAt(now) == ExemptionStatus.ACTIVE) out.add(e);
        }
        out.sort(BY_CREATION);
        return out;
    }

    @Override
    public List<TenantExemption> expiringBetween(Instant after, Instant upTo) {
        List<TenantExemption> out = new ArrayList<>();
        for (Map.Entry<TenantId, IdIndex<Exemption>> t : tenants.all().entrySet()) {
            for (Exemption e : t.getValue().sorted()) {
                if (e.expiresAt().isAfter(after) && !e.expiresAt().isAfter(upTo)) {
                    out.add(new TenantExemption(t.getKey(), e));
                }
            }
        }
        out.sort(Comparator.comparing((TenantExemption te) -> te.exemption().expiresAt())
                .thenComparing(TenantExemption::tenant).thenComparing(te -> te.exemption().id()));
        return out;
    }
}
