package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.EventBus.WorkQueueOptions;
import io.praetor.ports.events.Subscription;
import io.praetor.testkit.EventBusContract;
import io.praetor.testkit.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryEventBusTest extends EventBusContract {
    @Override
    protected EventBus newBus() {
        return new InMemoryEventBus();
    }

    @Override
    protected void closeBus(EventBus bus) {
        ((InMemoryEventBus) bus).close();
    }

    @Test
    void aMember_runsAtMostEightHandlersAtOnce() throws Exception {
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(20);
            Subscription member = bus.consume("work", "g", new WorkQueueOptions(Duration.ofSeconds(30), 5), d -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
                return Disposition.ack();
            });
            for (int i = 0; i < 20; i++) bus.publish(Fixtures.aBusMessage("work", "key-" + i, "m"));

            assertThat(bus.runningHandlers("work", "g")).isEqualTo(8);
            release.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            member.close();
        }
    }

    @Test
    void theFirstGroupOfATopic_getsTheMessagesPublishedBeforeIt_upToTheBacklogLimit() throws Exception {
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            int published = InMemoryEventBus.BACKLOG_LIMIT + 5;
            for (int i = 0; i < published; i++) bus.publish(Fixtures.aBusMessage("late", "k", Integer.toString(i)));
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(InMemoryEventBus.BACKLOG_LIMIT);

            Subscription member = bus.consume("late", "g", new WorkQueueOptions(Duration.ofSeconds(30), 5), d -> {
                got.add(d.message().payload().utf8());
                all.countDown();
                return Disposition.ack();
            });

            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(got.get(0)).isEqualTo("5");
            assertThat(got.get(got.size() - 1)).isEqualTo(Integer.toString(published - 1));
            member.close();
        }
    }

    @Test
    void aFanOutTopic_keepsNoBacklog_forAGroupThatNeverComes() {
        try (InMemoryEventBus bus = new InMemoryEventBus()) {
            Subscription fan = bus.subscribe("events", m -> { });
            for (int i = 0; i < 500; i++) bus.publish(Fixtures.aBusMessage("events", "tenant", Integer.toString(i)));
            assertThat(bus.backlog("events")).isZero();
            fan.close();
        }
    }
}
