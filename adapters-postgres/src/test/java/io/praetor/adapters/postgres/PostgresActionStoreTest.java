package io.praetor.adapters.postgres;

import io.praetor.ports.action.ActionStore;
import io.praetor.testkit.ActionStoreContract;

class PostgresActionStoreTest extends ActionStoreContract {
    @Override
    protected ActionStore newStore() {
        return new PostgresActionStore(TestDatabase.fresh().transactions());
    }
}
