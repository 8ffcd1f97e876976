package io.praetor.adapters.postgres;

import io.praetor.ports.events.TenantEventStore;
import io.praetor.testkit.TenantEventStoreContract;

class PostgresTenantEventStoreTest extends TenantEventStoreContract {
    @Override
    protected TenantEventStore newStore() {
        return new PostgresTenantEventStore(TestDatabase.fresh().transactions());
    }
}
