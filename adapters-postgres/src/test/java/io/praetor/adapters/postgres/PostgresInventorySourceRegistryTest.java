package io.praetor.adapters.postgres;

import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.testkit.InventorySourceRegistryContract;

class PostgresInventorySourceRegistryTest extends InventorySourceRegistryContract {
    @Override
    protected InventorySourceRegistry newRegistry() {
        return new PostgresInventorySourceRegistry(TestDatabase.fresh().transactions());
    }
}
