package io.praetor.adapters.memory;

import io.praetor.ports.events.EventBus;
import io.praetor.testkit.EventBusContract;

class InMemoryEventBusTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        return new InMemoryEventBus();
    }

    @Override
    protected void closeBus(EventBus bus) {
        ((InMemoryEventBus) bus).close();
    }
}
