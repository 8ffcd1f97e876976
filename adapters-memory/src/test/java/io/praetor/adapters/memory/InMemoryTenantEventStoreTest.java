package io.praetor.adapters.memory;

import io.praetor.ports.events.TenantEventStore;
import io.praetor.testkit.TenantEventStoreContract;

class InMemoryTenantEventStoreTest extends TenantEventStoreContract {
    @Override
    protected TenantEventStore newStore() {
        return new InMemoryTenantEventStore(new InMemoryTransactions());
    }
}
