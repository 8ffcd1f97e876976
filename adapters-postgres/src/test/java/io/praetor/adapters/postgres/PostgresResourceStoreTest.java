package io.praetor.adapters.postgres;

import io.praetor.ports.inventory.ResourceStore;
import io.praetor.testkit.ResourceStoreContract;

class PostgresResourceStoreTest extends ResourceStoreContract {
    @Override
    protected ResourceStore newStore() {
        return new PostgresResourceStore(TestDatabase.fresh().transactions());
    }
}
