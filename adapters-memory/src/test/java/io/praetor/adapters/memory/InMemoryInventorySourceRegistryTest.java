package io.praetor.adapters.memory;

import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.testkit.InventorySourceRegistryContract;

class InMemoryInventorySourceRegistryTest extends InventorySourceRegistryContract {
    @Override
    protected InventorySourceRegistry newRegistry() {
        return new InMemoryInventorySourceRegistry();
    }
}
