package io.praetor.adapters.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.EventBus.WorkQueueOptions;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the broker buses do beyond the port's contract: durability across a restart of the bus,
 * dead letters that say why, headers that survive the wire, failures as DEPENDENCY_UNAVAILABLE.
 * Subclasses open a bus on a prefix and delete what a prefix left on the broker.
 */
public abstract class BrokerEventBusBehaviour {
    private static final Duration WAIT = Duration.ofSeconds(15);

    protected abstract EventBus open(String prefix);

    protected abstract void close(EventBus bus);

    /** Deletes the streams or topics of {@code prefix}; nothing if the broker cleans up by itself. */
    protected void deleteEverythingOf(String prefix) {}

    private final List<EventBus> buses = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final CountDownLatch testOver = new CountDownLatch(1);
    protected final String topic = "behaviour-" + UUID.randomUUID();

    protected String newPrefix() {
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 12);
        prefixes.add(prefix);
        return prefix;
    }

    protected EventBus bus(String prefix) {
        EventBus bus = open(prefix);
        buses.add(bus);
        return bus;
    }

    @AfterEach
    void releaseEverything() {
        testOver.countDown();
        subscriptions.forEach(Subscription::close);
        buses.forEach(this::close);
        prefixes.forEach(this::deleteEverythingOf);
    }

    private <S extends Subscription> S keep(S s) {
        subscriptions.add(s);
        return s;
    }

    protected static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within " + WAIT);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected static BusMessage message(String topic, String key, String text, Map<String, String> headers) {
        return new BusMessage(UUID.randomUUID().toString(), topic, TenantId.of("tenant-b"), key, "finding.opened",
                text.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void aMessage_arrivesWithItsTenantKeyTypePayloadAndHeaders() {
        EventBus bus = bus(newPrefix());
        List<BusMessage> seen = Collections.synchronizedList(new ArrayList<>());
        keep(bus.subscribe(topic, seen::add));
        BusMessage sent = message(topic, "resource/42", "{\"a\":1}", Map.of("trace-id", "abc", "Mixed-Case", "x y"));

        bus.publish(sent);

        eventually(() -> !seen.isEmpty());
        assertThat(seen.get(0)).isEqualTo(sent);
    }

    @Test
    void work_publishedBeforeItsGroupExisted_andAfterTheBusRestarted_isStillDelivered() {
        String prefix = newPrefix();
        EventBus first = bus(prefix);
        BusMessage m = message(topic, "action-1", "work", Map.of());
        first.publish(m);
        close(first);
        buses.remove(first);

        EventBus second = bus(prefix);
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        keep(second.consume(topic, "executor", WorkQueueOptions.DEFAULT, d -> {
            handled.add(d.message().id());
            return Disposition.ack();
        }));

        eventually(() -> !handled.isEmpty());
        assertThat(handled).containsExactly(m.id());
    }

    @Test
    void aDeliveryNeverAnswered_isDeadLetteredAfterMaxDeliveries_sayingSo() {
        EventBus bus = bus(newPrefix());
        List<BusMessage> dead = Collections.synchronizedList(new ArrayList<>());
        keep(bus.subscribe(Topics.deadLetter(topic), dead::add));
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        keep(bus.consume(topic, "executor", new WorkQueueOptions(Duration.ofMillis(300), 2), d -> {
            attempts.add(d.attempt());
            await(testOver);
            return Disposition.ack();
        }));

        bus.publish(message(topic, "k", "hangs", Map.of()));

        eventually(() -> !dead.isEmpty());
        assertThat(attempts).containsExactly(1, 2);
        assertThat(dead.get(0).headers())
                .containsEntry(DeadLetters.REASON, "no answer within ack wait")
                .containsEntry(DeadLetters.ATTEMPTS, "2");
    }

    @Test
    void aDeadLetter_keepsTheMessageAndItsHeaders_andSaysWhyAndAfterHowManyAttempts() {
        EventBus bus = bus(newPrefix());
        List<BusMessage> dead = Collections.synchronizedList(new ArrayList<>());
        keep(bus.subscribe(Topics.deadLetter(topic), dead::add));
        keep(bus.consume(topic, "executor", WorkQueueOptions.DEFAULT,
                d -> d.attempt() < 2 ? Disposition.retry(Duration.ofMillis(50)) : new Disposition.DeadLetter("bad plan")));
        BusMessage m = message(topic, "action-7", "payload", Map.of("trace-id", "t1"));

        bus.publish(m);

        eventually(() -> !dead.isEmpty());
        BusMessage letter = dead.get(0);
        assertThat(letter.id()).isEqualTo(m.id());
        assertThat(letter.tenant()).isEqualTo(m.tenant());
        assertThat(letter.key()).isEqualTo(m.key());
        assertThat(letter.type()).isEqualTo(m.type());
        assertThat(letter.payload()).isEqualTo(m.payload());
        assertThat(letter.headers()).containsEntry("trace-id", "t1")
                .containsEntry(DeadLetters.REASON, "bad plan")
                .containsEntry(DeadLetters.ATTEMPTS, "2");
    }

    @Test
    void aRetryWithADelay_holdsBackTheLaterMessagesOfItsKey() {
        EventBus bus = bus(newPrefix());
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        keep(bus.consume(topic, "executor", WorkQueueOptions.DEFAULT, d -> {
            String text = d.message().payload().utf8();
            if (text.equals("first") && d.attempt() == 1) return Disposition.retry(Duration.ofMillis(300));
            handled.add(text);
            return Disposition.ack();
        }));

        bus.publish(message(topic, "same-key", "first", Map.of()));
        bus.publish(message(topic, "same-key", "second", Map.of()));

        eventually(() -> handled.size() == 2);
        assertThat(handled).containsExactly("first", "second");
    }

    @Test
    void twoInstances_shareTheWork_andOneTakesOverWhatTheOtherHeldWhenItShutsDown() {
        String prefix = newPrefix();
        EventBus a = bus(prefix);
        EventBus b = bus(prefix);
        CountDownLatch aHasIt = new CountDownLatch(1);
        List<Integer> attemptsOnA = Collections.synchronizedList(new ArrayList<>());
        keep(a.consume(topic, "executor", WorkQueueOptions.DEFAULT, d -> {
            attemptsOnA.add(d.attempt());
            aHasIt.countDown();
            await(testOver);
            return Disposition.ack();
        }));
        BusMessage m = message(topic, "action-9", "step", Map.of());
        a.publish(m);
        eventually(() -> aHasIt.getCount() == 0);
        List<Integer> attemptsOnB = Collections.synchronizedList(new ArrayList<>());
        keep(b.consume(topic, "executor", WorkQueueOptions.DEFAULT, d -> {
            attemptsOnB.add(d.attempt());
            return Disposition.ack();
        }));

        close(a);
        buses.remove(a);

        eventually(() -> !attemptsOnB.isEmpty());
        assertThat(attemptsOnA).containsExactly(1);
        assertThat(attemptsOnB).containsExactly(2);
    }

    @Test
    void publish_onAClosedBus_failsWithDependencyUnavailable() {
        EventBus bus = open(newPrefix());
        close(bus);

        assertThatThrownBy(() -> bus.publish(message(topic, "k", "late", Map.of())))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
