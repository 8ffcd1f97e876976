package io.praetor.adapters.memory;

import io.praetor.ports.policy.PolicyStore;
import io.praetor.testkit.PolicyStoreContract;

class InMemoryPolicyStoreTest extends PolicyStoreContract {
    @Override
    protected PolicyStore newStore() {
        return new InMemoryPolicyStore(new InMemoryTransactions());
    }
}
