package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.aBusMessage;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.EventBus.WorkQueueOptions;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventBus} must do. Subclasses return a new bus, and may override
 * {@link #closeBus} to release it. Delivery is asynchronous, so assertions poll for up to ten
 * seconds; every topic name is unique to its test.
 */
public abstract class EventBusContract {
    protected abstract EventBus newBus();

    /** Releases a bus made by {@link #newBus}; nothing by default. */
    protected void closeBus(EventBus bus) {}

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final WorkQueueOptions PATIENT = new WorkQueueOptions(Duration.ofSeconds(30), 5);

    private EventBus bus;
    private String topic;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final CountDownLatch testOver = new CountDownLatch(1);

    @BeforeEach
    void setUpBus() {
        bus = newBus();
        topic = "test-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDownBus() {
        testOver.countDown();
        subscriptions.forEach(Subscription::close);
        closeBus(bus);
    }

    private Subscription consume(String group, WorkQueueOptions options, Function<Delivery, Disposition> handler) {
        Subscription s = bus.consume(topic, group, options, handler);
        subscriptions.add(s);
        return s;
    }

    private Subscription subscribe(String onTopic, java.util.function.Consumer<BusMessage> handler) {
        Subscription s = bus.subscribe(onTopic, handler);
        subscriptions.add(s);
        return s;
    }

    private static void eventually(BooleanSupplier condition) {
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

    private void blockUntilTestEnds() {
        try {
            testOver.await(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String text(BusMessage m) {
        return m.payload().utf8();
    }

    @Test
    void workQueue_deliversEachMessageToExactlyOneMemberOfTheGroup() {
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        consume("workers", PATIENT, d -> {
            first.add(d.message().id());
            return Disposition.ack();
        });
        consume("workers", PATIENT, d -> {
            second.add(d.message().id());
            return Disposition.ack();
        });
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BusMessage m = aBusMessage(topic, "key-" + i, "m" + i);
            published.add(m.id());
            bus.publish(m);
        }

        eventually(() -> first.size() + second.size() >= 40);
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void workQueue_everyGroupGetsEveryMessage() {
        List<String> audit = Collections.synchronizedList(new ArrayList<>());
        List<String> executor = Collections.synchronizedList(new ArrayList<>());
        consume("audit", PATIENT, d -> {
            audit.add(text(d.message()));
            return Disposition.ack();
        });
        consume("executor", PATIENT, d -> {
            executor.add(text(d.message()));
            return Disposition.ack();
        });

        for (int i = 0; i < 5; i++) bus.publish(aBusMessage(topic, "k", "m" + i));

        eventually(() -> audit.size() == 5 && executor.size() == 5);
        assertThat(audit).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(executor).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void retry_redeliversTheMessageWithTheNextAttemptNumber() {
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("workers", PATIENT, d -> {
            attempts.add(d.attempt());
            return d.attempt() == 1 ? Disposition.retry(Duration.ZERO) : Disposition.ack();
        });

        bus.publish(aBusMessage(topic, "k", "work"));

        eventually(() -> attempts.size() == 2);
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void aHandlerThatThrows_getsTheMessageRedelivered() {
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("workers", PATIENT, d -> {
            attempts.add(d.attempt());
            if (d.attempt() == 1) throw new IllegalStateException("transient trouble");
            return Disposition.ack();
        });

        bus.publish(aBusMessage(topic, "k", "work"));

        eventually(() -> attempts.size() == 2);
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void aMemberThatClosesWithoutAcking_hasItsWorkRedeliveredToTheGroup() {
        CountDownLatch firstGotIt = new CountDownLatch(1);
        Subscription stuck = consume("workers", PATIENT, d -> {
            firstGotIt.countDown();
            blockUntilTestEnds();
            return Disposition.ack();
        });
        BusMessage m = aBusMessage(topic, "k", "work");
        bus.publish(m);
        eventually(() -> firstGotIt.getCount() == 0);
        List<Delivery> redelivered = Collections.synchronizedList(new ArrayList<>());
        consume("workers", PATIENT, d -> {
            redelivered.add(d);
            return Disposition.ack();
        });

        stuck.close();

        eventually(() -> !redelivered.isEmpty());
        assertThat(redelivered.get(0).message().id()).isEqualTo(m.id());
        assertThat(redelivered.get(0).attempt()).isEqualTo(2);
    }

    @Test
    void aDeliveryNotAnsweredWithinAckWait_isRedelivered() {
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("workers", new WorkQueueOptions(Duration.ofMillis(300), 5), d -> {
            attempts.add(d.attempt());
            if (d.attempt() == 1) blockUntilTestEnds();
            return Disposition.ack();
        });

        bus.publish(aBusMessage(topic, "k", "work"));

        eventually(() -> attempts.contains(2));
        assertThat(attempts).startsWith(1, 2);
    }

    @Test
    void afterMaxDeliveries_theMessageIsDeadLettered() {
        List<BusMessage> dead = Collections.synchronizedList(new ArrayList<>());
        subscribe(Topics.deadLetter(topic), dead::add);
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("workers", new WorkQueueOptions(Duration.ofSeconds(30), 3), d -> {
            attempts.add(d.attempt());
            return Disposition.retry(Duration.ZERO);
        });
        BusMessage m = aBusMessage(topic, "k", "poison");

        bus.publish(m);

        eventually(() -> !dead.isEmpty());
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(dead.get(0).id()).isEqualTo(m.id());
        assertThat(dead.get(0).topic()).isEqualTo(Topics.deadLetter(topic));
        assertThat(text(dead.get(0))).isEqualTo("poison");
    }

    @Test
    void aDeadLetterDisposition_movesTheMessageToTheDeadLetterTopicAtOnce() {
        List<BusMessage> dead = Collections.synchronizedList(new ArrayList<>());
        subscribe(Topics.deadLetter(topic), dead::add);
        List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
        consume("workers", PATIENT, d -> {
            attempts.add(d.attempt());
            return new Disposition.DeadLetter("cannot parse");
        });
        BusMessage m = aBusMessage(topic, "k", "garbage");

        bus.publish(m);

        eventually(() -> !dead.isEmpty());
        assertThat(attempts).containsExactly(1);
        assertThat(dead.get(0).id()).isEqualTo(m.id());
    }

    @Test
    void workQueue_deliversTheMessagesOfOneKeyInPublishOrder() {
        Map<String, List<Integer>> handled = new HashMap<>();
        Function<Delivery, Disposition> handler = d -> {
            String[] parts = text(d.message()).split(":");
            synchronized (handled) {
                handled.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            return Disposition.ack();
        };
        for (int member = 0; member < 3; member++) consume("workers", PATIENT, handler);

        for (int n = 0; n < 20; n++) {
            for (int key = 0; key < 5; key++) bus.publish(aBusMessage(topic, "key-" + key, "key-" + key + ":" + n));
        }

        eventually(() -> {
            synchronized (handled) {
                return handled.values().stream().mapToInt(List::size).sum() >= 100;
            }
        });
        List<Integer> inOrder = java.util.stream.IntStream.range(0, 20).boxed().toList();
        synchronized (handled) {
            assertThat(handled).hasSize(5);
            handled.values().forEach(seen -> assertThat(seen).isEqualTo(inOrder));
        }
    }

    @Test
    void fanOut_everySubscriberSeesEveryMessageInPublishOrder() {
        List<String> one = Collections.synchronizedList(new ArrayList<>());
        List<String> two = Collections.synchronizedList(new ArrayList<>());
        subscribe(topic, m -> one.add(text(m)));
        subscribe(topic, m -> two.add(text(m)));

        for (int i = 0; i < 10; i++) bus.publish(aBusMessage(topic, "tenant-a", "e" + i));

        List<String> expected = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "e" + i).toList();
        eventually(() -> one.size() == 10 && two.size() == 10);
        assertThat(one).isEqualTo(expected);
        assertThat(two).isEqualTo(expected);
    }

    @Test
    void fanOut_aSubscriberSeesOnlyMessagesPublishedAfterItSubscribed() {
        bus.publish(aBusMessage(topic, "tenant-a", "before"));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        subscribe(topic, m -> seen.add(text(m)));

        bus.publish(aBusMessage(topic, "tenant-a", "after"));

        eventually(() -> seen.contains("after"));
        assertThat(seen).containsExactly("after");
    }

    @Test
    void fanOut_aClosedSubscriptionGetsNothingMore() {
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        List<String> open = Collections.synchronizedList(new ArrayList<>());
        Subscription toClose = subscribe(topic, m -> closed.add(text(m)));
        subscribe(topic, m -> open.add(text(m)));
        bus.publish(aBusMessage(topic, "tenant-a", "first"));
        eventually(() -> closed.contains("first") && open.contains("first"));

        toClose.close();
        bus.publish(aBusMessage(topic, "tenant-a", "second"));

        eventually(() -> open.contains("second"));
        assertThat(closed).containsExactly("first");
    }

    @Test
    void publishAll_publishesTheBatchInOrderPerKey_toTheGroupAndToSubscribers() {
        Map<String, List<Integer>> handled = new HashMap<>();
        Function<Delivery, Disposition> handler = d -> {
            String[] parts = text(d.message()).split(":");
            synchronized (handled) {
                handled.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            return Disposition.ack();
        };
        for (int member = 0; member < 3; member++) consume("workers", PATIENT, handler);
        List<String> fanned = Collections.synchronizedList(new ArrayList<>());
        subscribe(topic, m -> fanned.add(text(m)));

        List<BusMessage> batch = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            for (int key = 0; key < 5; key++) batch.add(aBusMessage(topic, "key-" + key, "key-" + key + ":" + n));
        }
        EventBus.Published published = bus.publishAll(batch);

        assertThat(published.failure()).isEmpty();
        assertThat(published.count()).isEqualTo(200);
        eventually(() -> {
            synchronized (handled) {
                return handled.values().stream().mapToInt(List::size).sum() >= 200;
            }
        });
        eventually(() -> fanned.size() >= 200);
        List<Integer> inOrder = java.util.stream.IntStream.range(0, 40).boxed().toList();
        synchronized (handled) {
            assertThat(handled).hasSize(5);
            handled.values().forEach(seen -> assertThat(seen).isEqualTo(inOrder));
        }
        for (int key = 0; key < 5; key++) {
            String prefix = "key-" + key + ":";
            assertThat(fanned.stream().filter(t -> t.startsWith(prefix)).map(t -> Integer.parseInt(t.substring(prefix.length()))))
                    .isEqualTo(inOrder);
        }
    }

    @Test
    void publishAll_ofNothing_publishesNothing() {
        EventBus.Published published = bus.publishAll(List.of());
        assertThat(published.count()).isZero();
        assertThat(published.failure()).isEmpty();
    }

    @Test
    void deferredPayloads_areEncodedOnce_andDeliveredAsEncoded_byPublishAndPublishAll() {
        // the outbox hands buses payloads encoded on first read; a batch this large is one the broker
        // adapters encode on every core before sending
        List<String> fanned = Collections.synchronizedList(new ArrayList<>());
        subscribe(topic, m -> fanned.add(text(m)));
        java.util.concurrent.atomic.AtomicInteger encodings = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.IntFunction<BusMessage> deferred = n -> {
            BusMessage shape = aBusMessage(topic, "key", "");
            return new BusMessage(shape.id(), topic, shape.tenant(), "key", shape.type(), io.praetor.ports.events.Payload.deferred(() -> {
                encodings.incrementAndGet();
                return ("deferred:" + n).getBytes(StandardCharsets.UTF_8);
            }), Map.of());
        };
        bus.publish(deferred.apply(-1));
        List<BusMessage> batch = new ArrayList<>();
        for (int n = 0; n < 2500; n++) batch.add(deferred.apply(n));
        EventBus.Published published = bus.publishAll(batch);

        assertThat(published.failure()).isEmpty();
        assertThat(published.count()).isEqualTo(2500);
        eventually(() -> fanned.size() >= 2501);
        List<String> expected = new ArrayList<>();
        for (int n = -1; n < 2500; n++) expected.add("deferred:" + n);
        assertThat(List.copyOf(fanned)).isEqualTo(expected);
        assertThat(encodings).as("each payload encoded once").hasValue(2501);
    }
}
