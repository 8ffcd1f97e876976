package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import java.util.List;
import java.util.Optional;

/** Policies in one {@link IdIndex} per tenant. */
final class InMemoryPolicyStore implements PolicyStore {
    private final InMemoryTransactions transactions;
    private final TenantMaps<IdIndex<Policy>> tenants = new TenantMaps<>(IdIndex::new);

    InMemoryPolicyStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Policy> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).get(id));
    }

    @Override
    public List<Policy> list(TenantId tenant) {
        return List.copyOf(tenants.of(tenant).sorted());
    }

    @Override
    public void put(TenantId tenant, Policy policy) {
        IdIndex<Policy> index = tenants.of(tenant);
        Policy previous = index.put(policy.id(), policy);
        transactions.recordUndo(() -> index.restore(policy.id(), previous));
    }

    @Override
    public boolean delete(TenantId tenant, String id) {
        IdIndex<Policy> index = tenants.of(tenant);
        Policy previous = index.remove(id);
        if (previous == null) return false;
        transactions.recordUndo(() -> index.put(id, previous));
        return true;
    }
}
