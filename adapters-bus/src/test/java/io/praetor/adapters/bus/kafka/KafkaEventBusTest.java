package io.praetor.adapters.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.bus.BrokerEventBusBehaviour;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** Kafka specifics, plus the shared broker behaviour, against the in-JVM broker. */
class KafkaEventBusTest extends BrokerEventBusBehaviour {
    @Override
    protected EventBus open(String prefix) {
        return KafkaEventBus.connect(new KafkaBusSettings(EmbeddedKafka.shared().bootstrap(), prefix));
    }

    @Override
    protected void close(EventBus bus) {
        ((KafkaEventBus) bus).close();
    }

    @Test
    void connect_createsThePraetorTopicsAndTheirDeadLetterTopics() throws Exception {
        String prefix = newPrefix();
        EmbeddedKafka kafka = EmbeddedKafka.shared();
        KafkaBusSettings settings = new KafkaBusSettings(kafka.bootstrap(), prefix, 3, Optional.of((short) 1),
                Duration.ofSeconds(10));
        try (KafkaEventBus bus = KafkaEventBus.connect(settings); Admin admin = kafka.admin()) {
            assertThat(bus).isNotNull();
            List<String> expected = List.of(Topics.ACTIONS_EXECUTE, Topics.TENANT_EVENTS, Topics.RESOURCE_CHANGED)
                    .stream()
                    .flatMap(t -> java.util.stream.Stream.of(t, Topics.deadLetter(t)))
                    .map(t -> prefix + "." + t)
                    .toList();
            Map<String, TopicDescription> topics =
                    admin.describeTopics(expected).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics).containsOnlyKeys(expected);
            topics.values().forEach(d -> assertThat(d.partitions()).hasSize(3));
            assertThat(bus.reachable()).as("readiness with the broker up").isTrue();
        }
    }

    @Test
    void connect_toABrokerThatIsNotThere_failsWithDependencyUnavailable() {
        KafkaBusSettings settings = new KafkaBusSettings("127.0.0.1:1", "unreachable", 8, Optional.empty(),
                Duration.ofSeconds(1));

        assertThatThrownBy(() -> KafkaEventBus.connect(settings))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }
}
