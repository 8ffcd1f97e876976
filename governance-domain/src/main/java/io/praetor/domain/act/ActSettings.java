package io.praetor.domain.act;

import io.praetor.ports.events.EventBus.WorkQueueOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of act.
 *
 * @param stepAttempts how many times a handler step is tried when it fails with TRANSIENT or
 *     DEPENDENCY_UNAVAILABLE (1 = no retry)
 * @param retryDelay first backoff delay between attempts; doubles up to {@code maxRetryDelay}
 * @param leaseTtl how long a per-resource lease lives without renewal (renewed between steps)
 * @param leaseAttempts how often a command tries to take a busy resource lease before answering CONFLICT
 * @param busyRedelivery after how long the executor gets a message back when the resource lease is busy
 * @param consumerGroup the bus consumer group of executors (one delivery per group)
 * @param queue the executors' work-queue options
 */
public record ActSettings(int stepAttempts, Duration retryDelay, Duration maxRetryDelay, Duration leaseTtl,
                          int leaseAttempts, Duration busyRedelivery, String consumerGroup, WorkQueueOptions queue) {

    public static final ActSettings DEFAULTS = new ActSettings(4, Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofMinutes(5), 5, Duration.ofSeconds(1), "praetor-act",
            new WorkQueueOptions(Duration.ofMinutes(10), 1000));

    public ActSettings {
        if (stepAttempts < 1) throw new IllegalArgumentException("stepAttempts must be at least 1");
        if (leaseAttempts < 1) throw new IllegalArgumentException("leaseAttempts must be at least 1");
        if (retryDelay.isNegative() || retryDelay.isZero() || retryDelay.compareTo(maxRetryDelay) >= 0) {
            throw new IllegalArgumentException("retryDelay must be positive and less than maxRetryDelay");
        }
        if (leaseTtl.isNegative() || leaseTtl.isZero()) throw new IllegalArgumentException("leaseTtl must be positive");
        Objects.requireNonNull(busyRedelivery);
        Objects.requireNonNull(consumerGroup);
        Objects.requireNonNull(queue);
    }

    public ActSettings withRetries(int attempts, Duration delay, Duration maxDelay) {
        return new ActSettings(attempts, delay, maxDelay, leaseTtl, leaseAttempts, busyRedelivery, consumerGroup, queue);
    }

    public ActSettings withLeaseTtl(Duration ttl) {
        return new ActSettings(stepAttempts, retryDelay, maxRetryDelay, ttl, leaseAttempts, busyRedelivery, consumerGroup, queue);
    }

    public ActSettings withBusyRedelivery(Duration delay) {
        return new ActSettings(stepAttempts, retryDelay, maxRetryDelay, leaseTtl, leaseAttempts, delay, consumerGroup, queue);
    }
}
