package io.praetor.adapters.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.praetor.adapters.bus.BrokerEventBusBehaviour;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.EventBus.WorkQueueOptions;
import io.praetor.ports.events.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NATS specifics, plus the shared broker behaviour, against the real server (see NatsEventBusContractTest). */
class NatsEventBusTest extends BrokerEventBusBehaviour {
    @Override
    protected EventBus open(String prefix) {
        try {
            return NatsEventBus.connect(new NatsBusSettings(NatsEventBusContractTest.url(), prefix));
        } catch (PraetorException e) {
            throw new AssertionError("These tests need nats-server with JetStream (nats-server -js) at "
                    + NatsEventBusContractTest.url() + "; it is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    protected void close(EventBus bus) {
        ((NatsEventBus) bus).close();
    }

    @Override
    protected void deleteEverythingOf(String prefix) {
        NatsEventBusContractTest.deleteStream(NatsEventBus.streamName(prefix));
    }

    @Test
    void connect_createsOneStreamPerPrefix_keepingAllItsSubjectsWithLimitsRetention() throws Exception {
        String prefix = newPrefix();
        bus(prefix);

        Connection c = Nats.connect(NatsEventBusContractTest.url());
        StreamConfiguration config;
        try {
            config = c.jetStreamManagement().getStreamInfo(NatsEventBus.streamName(prefix)).getConfiguration();
        } finally {
            c.close();
        }
        assertThat(config.getSubjects()).containsExactly(prefix + ".>");
        assertThat(config.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
        assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void connect_reusesTheStreamOfAnEarlierInstance() {
        String prefix = newPrefix();
        bus(prefix);

        EventBus second = bus(prefix);

        assertThat(second).isNotNull();
    }

    @Test
    void connect_toAServerThatIsNotThere_failsWithDependencyUnavailable() {
        assertThatThrownBy(() -> NatsEventBus.connect(new NatsBusSettings("nats://127.0.0.1:1", "unreachable")))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    void publishingTheSameMessageTwice_deliversItOnce() {
        EventBus bus = bus(newPrefix());
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        Subscription s = bus.consume(topic, "executor", WorkQueueOptions.DEFAULT, d -> {
            handled.add(d.message().id());
            return Disposition.ack();
        });
        try {
            var m = message(topic, "action-1", "once", Map.of());
            var marker = message(topic, "action-1", "after", Map.of());

            bus.publish(m);
            bus.publish(m); // e.g. the outbox re-sent it after a crash
            bus.publish(marker);

            eventually(() -> handled.contains(marker.id()));
            assertThat(handled).containsExactly(m.id(), marker.id());
        } finally {
            s.close();
        }
    }

}
