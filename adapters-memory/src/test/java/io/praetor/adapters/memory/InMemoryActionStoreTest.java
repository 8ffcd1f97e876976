package io.praetor.adapters.memory;

import io.praetor.ports.action.ActionStore;
import io.praetor.testkit.ActionStoreContract;

class InMemoryActionStoreTest extends ActionStoreContract {
    @Override
    protected ActionStore newStore() {
        return new InMemoryActionStore(new InMemoryTransactions());
    }
}
