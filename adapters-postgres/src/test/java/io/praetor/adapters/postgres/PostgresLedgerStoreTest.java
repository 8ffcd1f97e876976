package io.praetor.adapters.postgres;

import io.praetor.ports.evidence.LedgerStore;
import io.praetor.testkit.LedgerStoreContract;

class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return new PostgresLedgerStore(TestDatabase.fresh().transactions());
    }
}
