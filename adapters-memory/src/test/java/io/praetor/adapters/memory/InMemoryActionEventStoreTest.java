package io.praetor.adapters.memory;

import io.praetor.ports.action.ActionEventStore;
import io.praetor.testkit.ActionEventStoreContract;

class InMemoryActionEventStoreTest extends ActionEventStoreContract {
    @Override
    protected ActionEventStore newStore() {
        return new InMemoryActionEventStore(new InMemoryTransactions());
    }
}
