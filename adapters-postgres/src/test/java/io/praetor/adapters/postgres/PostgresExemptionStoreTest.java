package io.praetor.adapters.postgres;

import io.praetor.ports.finding.ExemptionStore;
import io.praetor.testkit.ExemptionStoreContract;

class PostgresExemptionStoreTest extends ExemptionStoreContract {
    @Override
    protected ExemptionStore newStore() {
        return new PostgresExemptionStore(TestDatabase.fresh().transactions());
    }
}
