package io.praetor.adapters.bus.kafka;

import io.praetor.ports.events.EventBus;
import io.praetor.testkit.EventBusContract;
import java.util.UUID;

/** The bus contract against a single-node KRaft broker inside the test JVM; each bus gets its own prefix. */
class KafkaEventBusContractTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 12);
        return KafkaEventBus.connect(new KafkaBusSettings(EmbeddedKafka.shared().bootstrap(), prefix));
    }

    @Override
    protected void closeBus(EventBus bus) {
        ((KafkaEventBus) bus).close();
    }
}
