package io.praetor.adapters.postgres;

import io.praetor.ports.finding.FindingStore;
import io.praetor.testkit.FindingStoreContract;

class PostgresFindingStoreTest extends FindingStoreContract {
    @Override
    protected FindingStore newStore() {
        return new PostgresFindingStore(TestDatabase.fresh().transactions());
    }
}
