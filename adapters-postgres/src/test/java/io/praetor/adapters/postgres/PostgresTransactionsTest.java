package io.praetor.adapters.postgres;

import io.praetor.testkit.TransactionsContract;

class PostgresTransactionsTest extends TransactionsContract {
    @Override
    protected Family newFamily() {
        PostgresTransactions tx = TestDatabase.fresh().transactions();
        return new Family(tx, new PostgresResourceStore(tx), new PostgresTenantEventStore(tx));
    }
}
