package io.praetor.adapters.postgres;

import io.praetor.ports.action.ActionEventStore;
import io.praetor.testkit.ActionEventStoreContract;

class PostgresActionEventStoreTest extends ActionEventStoreContract {
    @Override
    protected ActionEventStore newStore() {
        return new PostgresActionEventStore(TestDatabase.fresh().transactions());
    }
}
