package io.praetor.adapters.memory;

import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets by key: a bucket holds up to {@code permits} tokens and refills continuously at
 * {@code permits / period}; each request takes one. A limited request learns how long until the next
 * token is there.
 */
final class InMemoryRateLimiter implements RateLimiter {
    private final InstantSource clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, Instant refilledAt) {}

    InMemoryRateLimiter(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public RateDecision tryAcquire(String key, RateLimit limit) {
        Instant now = clock.instant();
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
                return new Bucket(tokens - 1, now);
            }
            long waitNanos = (long) Math.ceil((1 - tokens) * periodNanos / limit.permits());
            decision[0] = new RateDecision.Limited(Duration.ofNanos(Math.max(1, waitNanos)));
            return new Bucket(tokens, now);
        });
        return decision[0];
    }
}
