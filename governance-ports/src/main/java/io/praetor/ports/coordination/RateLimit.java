package io.praetor.ports.coordination;

import java.time.Duration;

/** At most {@code permits} per {@code period}, with bursts up to {@code permits}. */
public record RateLimit(long permits, Duration period) {
    public RateLimit {
        if (permits < 1) throw new IllegalArgumentException("permits must be at least 1");
        if (period.isZero() || period.isNegative()) throw new IllegalArgumentException("period must be positive");
    }
}
