package io.praetor.adapters.memory;

import io.praetor.ports.finding.ExemptionStore;
import io.praetor.testkit.ExemptionStoreContract;

class InMemoryExemptionStoreTest extends ExemptionStoreContract {
    @Override
    protected ExemptionStore newStore() {
        return new InMemoryExemptionStore(new InMemoryTransactions());
    }
}
