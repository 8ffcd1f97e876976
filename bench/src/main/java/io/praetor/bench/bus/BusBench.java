package io.praetor.bench.bus;

import io.praetor.adapters.bus.kafka.InJvmKafka;
import io.praetor.adapters.bus.kafka.KafkaBusSettings;
import io.praetor.adapters.bus.kafka.KafkaEventBus;
import io.praetor.adapters.bus.nats.NatsBusSettings;
import io.praetor.adapters.bus.nats.NatsEventBus;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * NATS JetStream vs Kafka through the {@link EventBus} port, loopback, bounded in count and time:
 * <ol>
 *   <li>one-at-a-time {@code publish} (each waits for its ack): msg/s;</li>
 *   <li>{@code publishAll} of {@code messages} in batches of 1,000 (acks gathered): publish msg/s,
 *       then how long until a fan-out subscriber and a work-queue group (3 members) have all of
 *       them, and their end-to-end latency from the batch's creation;</li>
 *   <li>a paced run (batches every 10 ms at {@code rate}/s for {@code seconds}): end-to-end
 *       latency from each message's scheduled time to the subscriber and to the group.</li>
 * </ol>
 * NATS is the server at {@code nats} (a stream of its own, deleted afterwards); Kafka is a
 * single-node KRaft broker started in this JVM.
 *
 * <p>Run: {@code bench/run --main io.praetor.bench.bus.BusBench [messages] [rate/s] [seconds] [nats url]}
 * (defaults 100000 5000 10 nats://127.0.0.1:4222).
 */
public final class BusBench {
    private static final int BATCH = 1_000;
    private static final int SINGLES = 3_000;
    private static final int KEYS = 64;
    private static final int PAYLOAD = 256;
    private static final TenantId TENANT = TenantId.of("bench");

    private BusBench() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String nats = args.length > 3 ? args[3] : "nats://127.0.0.1:4222";
        System.out.printf("bus bench: %d messages of %d bytes over %d keys; paced %d/s for %d s; %d cores%n",
                messages, PAYLOAD, KEYS, rate, seconds, Runtime.getRuntime().availableProcessors());

        String natsPrefix = "praetor_bench_" + UUID.randomUUID().toString().replace("-", "");
        NatsEventBus natsBus = NatsEventBus.connect(new NatsBusSettings(nats, natsPrefix));
        try {
            run("nats", natsBus, messages, rate, seconds);
        } finally {
            natsBus.close();
            try (var c = io.nats.client.Nats.connect(nats)) {
                c.jetStreamManagement().deleteStream(natsPrefix);
            }
        }
        try (InJvmKafka kafka = new InJvmKafka()) {
            KafkaEventBus kafkaBus = KafkaEventBus.connect(new KafkaBusSettings(kafka.bootstrap, "praetor-bench"));
            try {
                run("kafka", kafkaBus, messages, rate, seconds);
            } finally {
                kafkaBus.close();
            }
        }
        System.exit(0);
    }

    private static void run(String name, EventBus bus, int messages, int rate, int seconds) throws Exception {
        // 1. one at a time
        String singles = "bench-singles";
        bus.publish(message(singles, 0, System.nanoTime())); // creates the topic
        long t0 = System.nanoTime();
        for (int i = 0; i < SINGLES; i++) bus.publish(message(singles, i, System.nanoTime()));
        double singleRate = SINGLES / seconds(t0);
        System.out.printf("%-5s publish one at a time: %,d msg in %.2f s = %,.0f msg/s%n", name, SINGLES, seconds(t0), singleRate);

        // 2. batched, with a subscriber and a group receiving
        Sink fan = new Sink(messages);
        Sink group = new Sink(messages);
        String topic = "bench-batch";
        bus.publish(message(topic + "-warm", 0, System.nanoTime()));
        List<Subscription> subs = new ArrayList<>();
        subs.add(bus.subscribe(topic, m -> fan.receive(m.payload())));
        for (int i = 0; i < 3; i++) {
            subs.add(bus.consume(topic, "bench", new EventBus.WorkQueueOptions(Duration.ofSeconds(30), 5), d -> {
                group.receive(d.message().payload());
                return Disposition.ack();
            }));
        }
        Thread.sleep(2_000); // let the group settle (Kafka assigns partitions asynchronously)
        t0 = System.nanoTime();
        int published = 0;
        for (int start = 0; start < messages; start += BATCH) {
            long created = System.nanoTime();
            List<BusMessage> batch = new ArrayList<>(BATCH);
            for (int i = start; i < Math.min(messages, start + BATCH); i++) batch.add(message(topic, i, created));
            EventBus.Published p = bus.publishAll(batch);
            published += p.count();
            if (p.failure().isPresent()) throw new IllegalStateException("publishAll stopped", p.failure().get());
        }
        double publishSeconds = seconds(t0);
        System.out.printf("%-5s publishAll (batches of %,d): %,d msg in %.2f s = %,.0f msg/s%n", name, BATCH, published,
                publishSeconds, published / publishSeconds);
        fan.await(Duration.ofSeconds(120));
        System.out.printf("%-5s   fan-out subscriber: all %,d after %.2f s (%,.0f msg/s); %s%n", name, fan.count(),
                fan.lastAt(t0), fan.count() / fan.lastAt(t0), fan.latencies());
        group.await(Duration.ofSeconds(180));
        System.out.printf("%-5s   work group (3 members): %,d after %.2f s (%,.0f msg/s); %s%n", name, group.count(),
                group.lastAt(t0), group.count() / group.lastAt(t0), group.latencies());
        subs.forEach(Subscription::close);

        // 3. paced
        int total = rate * seconds;
        Sink pacedFan = new Sink(total);
        Sink pacedGroup = new Sink(total);
        String paced = "bench-paced";
        bus.publish(message(paced + "-warm", 0, System.nanoTime()));
        subs.clear();
        subs.add(bus.subscribe(paced, m -> pacedFan.receive(m.payload())));
        for (int i = 0; i < 3; i++) {
            subs.add(bus.consume(paced, "bench", new EventBus.WorkQueueOptions(Duration.ofSeconds(30), 5), d -> {
                pacedGroup.receive(d.message().payload());
                return Disposition.ack();
            }));
        }
        Thread.sleep(2_000);
        int perTick = Math.max(1, rate / 100);
        long begin = System.nanoTime();
        int sent = 0;
        for (int tick = 0; sent < total; tick++) {
            long scheduled = begin + tick * 10_000_000L;
            while (System.nanoTime() < scheduled) Thread.onSpinWait();
            List<BusMessage> batch = new ArrayList<>(perTick);
            for (int i = 0; i < perTick && sent < total; i++, sent++) batch.add(message(paced, sent, scheduled));
            EventBus.Published p = bus.publishAll(batch);
            if (p.failure().isPresent()) throw new IllegalStateException("publishAll stopped", p.failure().get());
        }
        double pacedSeconds = seconds(begin);
        pacedFan.await(Duration.ofSeconds(60));
        pacedGroup.await(Duration.ofSeconds(120));
        System.out.printf("%-5s paced %,d/s for %d s (publishing took %.2f s): fan-out %,d %s%n", name, rate, seconds,
                pacedSeconds, pacedFan.count(), pacedFan.latencies());
        System.out.printf("%-5s paced %,d/s: work group %,d %s%n", name, rate, pacedGroup.count(), pacedGroup.latencies());
        subs.forEach(Subscription::close);
    }

    private static BusMessage message(String topic, int i, long createdNanos) {
        byte[] payload = new byte[PAYLOAD];
        ByteBuffer.wrap(payload).putLong(createdNanos);
        String key = "resource-" + (i % KEYS);
        return new BusMessage(UUID.randomUUID().toString(), topic, TENANT, key, "bench.message", payload, Map.of());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Counts deliveries and keeps each one's latency from the time written in its payload. */
    private static final class Sink {
        private final long[] latencies;
        private final AtomicInteger n = new AtomicInteger();
        private volatile long last;

        Sink(int expected) {
            latencies = new long[expected];
        }

        void receive(io.praetor.ports.events.Payload payload) {
            long now = System.nanoTime();
            int i = n.getAndIncrement();
            if (i < latencies.length) latencies[i] = now - payload.asReadOnlyBuffer().getLong();
            last = now;
        }

        int count() {
            return Math.min(n.get(), latencies.length);
        }

        double lastAt(long since) {
            return (last - since) / 1e9;
        }

        void await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (n.get() < latencies.length && System.nanoTime() < deadline) Thread.sleep(20);
        }

        String latencies() {
            int c = count();
            if (c == 0) return "nothing received";
            long[] sorted = Arrays.copyOf(latencies, c);
            Arrays.sort(sorted);
            return String.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted[c / 2] / 1e6,
                    sorted[Math.min(c - 1, (int) (c * 0.99))] / 1e6, sorted[c - 1] / 1e6);
        }
    }
}
