package io.praetor.adapters.memory;

import io.praetor.ports.finding.FindingStore;
import io.praetor.testkit.FindingStoreContract;

class InMemoryFindingStoreTest extends FindingStoreContract {
    @Override
    protected FindingStore newStore() {
        return new InMemoryFindingStore(new InMemoryTransactions());
    }
}
