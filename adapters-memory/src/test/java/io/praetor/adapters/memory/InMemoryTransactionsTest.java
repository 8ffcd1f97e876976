package io.praetor.adapters.memory;

import io.praetor.testkit.TransactionsContract;

class InMemoryTransactionsTest extends TransactionsContract {
    @Override
    protected Family newFamily() {
        InMemoryTransactions transactions = new InMemoryTransactions();
        return new Family(transactions, new InMemoryResourceStore(transactions),
                new InMemoryTenantEventStore(transactions));
    }
}
