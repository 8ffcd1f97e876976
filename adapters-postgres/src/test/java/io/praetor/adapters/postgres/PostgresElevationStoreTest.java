package io.praetor.adapters.postgres;

import io.praetor.ports.action.ElevationStore;
import io.praetor.testkit.ElevationStoreContract;

class PostgresElevationStoreTest extends ElevationStoreContract {
    @Override
    protected ElevationStore newStore() {
        return new PostgresElevationStore(TestDatabase.fresh().transactions());
    }
}
