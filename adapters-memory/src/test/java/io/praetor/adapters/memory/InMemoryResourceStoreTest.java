package io.praetor.adapters.memory;

import io.praetor.ports.inventory.ResourceStore;
import io.praetor.testkit.ResourceStoreContract;

class InMemoryResourceStoreTest extends ResourceStoreContract {
    @Override
    protected ResourceStore newStore() {
        return new InMemoryResourceStore(new InMemoryTransactions());
    }
}
