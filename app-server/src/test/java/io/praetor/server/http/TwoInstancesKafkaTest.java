package io.praetor.server.http;

import io.praetor.adapters.bus.kafka.InJvmKafka;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * {@link TwoInstancesTest} with both instances on Kafka (a KRaft broker in this test JVM, which
 * the two server processes reach over loopback; a dead member's partitions move after the
 * broker's 6 s session timeout). Slow: {@code ./praetor test --slow}.
 */
@Tag("slow")
class TwoInstancesKafkaTest extends TwoInstancesTest {
    private static InJvmKafka kafka;

    private static synchronized String bootstrap() {
        if (kafka == null) {
            try {
                kafka = new InJvmKafka();
            } catch (Exception e) {
                throw new AssertionError("could not start the in-JVM Kafka broker", e);
            }
        }
        return kafka.bootstrap;
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
        kafka = null;
    }

    @Override
    Map<String, String> busEnv(String prefix) {
        return Map.of("PRAETOR_BUS", "kafka", "PRAETOR_KAFKA_BOOTSTRAP", bootstrap(), "PRAETOR_BUS_PREFIX", prefix);
    }

    @Override
    void deleteBus(String prefix) {
        // the broker and its topics go with this class
    }
}
