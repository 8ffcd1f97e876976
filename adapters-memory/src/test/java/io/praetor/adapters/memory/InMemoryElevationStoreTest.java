package io.praetor.adapters.memory;

import io.praetor.ports.action.ElevationStore;
import io.praetor.testkit.ElevationStoreContract;

class InMemoryElevationStoreTest extends ElevationStoreContract {
    @Override
    protected ElevationStore newStore() {
        return new InMemoryElevationStore(new InMemoryTransactions());
    }
}
