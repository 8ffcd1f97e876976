package io.praetor.ports.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Carries events and work between the parts of Praetor and between server instances.
 *
 * <ul>
 *   <li>{@link #publishAll} publishes a batch in order with the broker's acknowledgements gathered
 *       rather than awaited one by one; it says how many of the first messages are durable.</li>
 *   <li>{@link #publish} is durable once it returns (on durable buses) and throws
 *       {@code DEPENDENCY_UNAVAILABLE} otherwise, so the caller's outbox can try again.</li>
 *   <li>{@link #consume} is a work queue: each message goes to one member of {@code group}; a
 *       handler that throws, returns {@link Disposition.Retry}, or whose member dies before
 *       answering within {@code ackWait}, gets it redelivered; after {@code maxDeliveries} it is
 *       dead-lettered. Delivery is at least once: handlers must be idempotent.</li>
 *   <li>{@link #subscribe} is fan-out: every subscriber sees every message published after it
 *       subscribed, at most once, with no acknowledgement (used for live streams across instances).</li>
 * </ul>
 * Thread-safe. Handlers may be called concurrently for messages of different keys.
 */
public interface EventBus {
    void publish(BusMessage message);

    /**
     * Publishes {@code messages} in this order, pipelined where the broker allows: the first
     * {@link Published#count()} are durable when it returns; the others may or may not have gone
     * out (the caller publishes them again, consumers de-duplicate by message id), and
     * {@link Published#failure()} says why. Never throws for a broker failure. Per-key order holds
     * as for {@link #publish} called in the same order. This default publishes one at a time.
     */
    default Published publishAll(List<BusMessage> messages) {
        int n = 0;
        for (BusMessage m : messages) {
            try {
                publish(m);
            } catch (RuntimeException e) {
                return new Published(n, Optional.of(e));
            }
            n++;
        }
        return new Published(n, Optional.empty());
    }

    /** How far a {@link #publishAll} got: its first {@code count} messages are durable. */
    record Published(int count, Optional<RuntimeException> failure) {
        public Published {
            if (count < 0) throw new IllegalArgumentException("count must not be negative");
            if (failure == null) throw new NullPointerException("failure");
        }
    }

    Subscription consume(String topic, String group, WorkQueueOptions options, Function<Delivery, Disposition> handler);

    Subscription subscribe(String topic, Consumer<BusMessage> handler);

    /** Options of one work-queue consumer. */
    record WorkQueueOptions(Duration ackWait, int maxDeliveries) {
        public static final WorkQueueOptions DEFAULT = new WorkQueueOptions(Duration.ofSeconds(30), 5);

        public WorkQueueOptions {
            if (ackWait.isNegative() || ackWait.isZero()) throw new IllegalArgumentException("ackWait must be positive");
            if (maxDeliveries < 1) throw new IllegalArgumentException("maxDeliveries must be at least 1");
        }
    }
}
