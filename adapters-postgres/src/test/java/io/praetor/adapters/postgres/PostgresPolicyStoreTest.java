package io.praetor.adapters.postgres;

import io.praetor.ports.policy.PolicyStore;
import io.praetor.testkit.PolicyStoreContract;

class PostgresPolicyStoreTest extends PolicyStoreContract {
    @Override
    protected PolicyStore newStore() {
        return new PostgresPolicyStore(TestDatabase.fresh().transactions());
    }
}
