package io.praetor.adapters.memory;

import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token buckets by key: a bucket holds up to {@code permits} tokens and refills continuously at
 * {@code permits / period}; each request takes one. A limited request learns how long until the next
 * token is there.
 *
 * <p>Keys are principals ({@code tenant/subject}), which come and go: a bucket that has refilled is
 * the same as no bucket, so buckets full by now are swept every {@value #SWEEP_EVERY} requests, and
 * the map holds the keys of the last period or so, not every principal ever seen.
 */
final class InMemoryRateLimiter implements RateLimiter {
    static final int SWEEP_EVERY = 1024;

    private final InstantSource clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    /** {@code fullAt}: when the bucket will have refilled to its limit, from which on it can be forgotten. */
    private record Bucket(double tokens, Instant refilledAt, Instant fullAt) {}

    InMemoryRateLimiter(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public RateDecision tryAcquire(String key, RateLimit limit) {
        Instant now = clock.instant();
        sweepNowAndThen(now);
        double periodNanos = limit.period().toNanos();
        RateDecision[] decision = new RateDecision[1];
        buckets.compute(key, (k, b) -> {
            double tokens;
            if (b == null) {
                tokens = limit.permits();
            } else {
                long elapsed = Math.max(0, Duration.between(b.refilledAt, now).toNanos());
                tokens = Math.min(limit.permits(), b.tokens + elapsed * limit.permits() / periodNanos);
            }
            if (tokens >= 1) {
                decision[0] = new RateDecision.Allowed((long) Math.floor(tokens - 1));
                return bucket(tokens - 1, now, limit, periodNanos);
            }
            long waitNanos = (long) Math.ceil((1 - tokens) * periodNanos / limit.permits());
            decision[0] = new RateDecision.Limited(Duration.ofNanos(Math.max(1, waitNanos)));
            return bucket(tokens, now, limit, periodNanos);
        });
        return decision[0];
    }

    private static Bucket bucket(double tokens, Instant now, RateLimit limit, double periodNanos) {
        long untilFull = (long) Math.ceil((limit.permits() - tokens) * periodNanos / limit.permits());
        return new Bucket(tokens, now, now.plusNanos(Math.max(0, untilFull)));
    }

    /** Forgets the buckets that are full by now (a conditional remove: one refreshed meanwhile stays). */
    private void sweepNowAndThen(Instant now) {
        if (sinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            sinceSweep.set(0);
            buckets.values().removeIf(b -> !now.isBefore(b.fullAt));
        }
    }

    /** Buckets held (for tests of the bound). */
    int buckets() {
        return buckets.size();
    }
}
