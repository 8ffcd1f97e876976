package io.praetor.adapters.memory;

import io.praetor.ports.evidence.LedgerStore;
import io.praetor.testkit.LedgerStoreContract;

class InMemoryLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
