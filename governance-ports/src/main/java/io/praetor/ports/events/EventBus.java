package io.praetor.ports.events;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Carries events and work between the parts of Praetor and between server instances.
 *
 * <ul>
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
