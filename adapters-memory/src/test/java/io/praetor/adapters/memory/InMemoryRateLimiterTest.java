package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import io.praetor.testkit.RateLimiterContract;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {
    @Override
    protected RateLimiter newLimiter(InstantSource clock) {
        return new InMemoryRateLimiter(clock);
    }

    @Test
    void bucketsOfPrincipalsThatStoppedAsking_areForgotten_onceFull() {
        SettableClock clock = SettableClock.atEpochOf2026();
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
        RateLimit limit = new RateLimit(10, Duration.ofSeconds(1));
        for (int i = 0; i < 20_000; i++) limiter.tryAcquire("acme/user-" + i, limit);
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < InMemoryRateLimiter.SWEEP_EVERY; i++) limiter.tryAcquire("acme/the-one-still-here", limit);
        assertThat(limiter.buckets()).as("buckets after everyone but one went quiet").isLessThanOrEqualTo(2);
    }

    @Test
    void aBucketNotYetFull_isKept_soItsPrincipalCannotResetItsLimit() {
        SettableClock clock = SettableClock.atEpochOf2026();
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
        RateLimit limit = new RateLimit(5, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) limiter.tryAcquire("acme/greedy", limit);
        clock.advance(Duration.ofSeconds(30));
        // other principals' requests trigger sweeps while greedy's bucket is only half refilled
        for (int i = 0; i < 3 * InMemoryRateLimiter.SWEEP_EVERY; i++) limiter.tryAcquire("acme/other-" + (i % 7), limit);
        long allowed = 0;
        for (int i = 0; i < 5; i++) if (limiter.tryAcquire("acme/greedy", limit) instanceof RateDecision.Allowed) allowed++;
        assertThat(allowed).as("half a minute refills half of 5 tokens").isEqualTo(2);
    }
}
