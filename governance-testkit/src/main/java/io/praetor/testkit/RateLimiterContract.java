package io.praetor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import io.praetor.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} must do. Subclasses return a new limiter that reads the given clock. */
public abstract class RateLimiterContract {
    protected abstract RateLimiter newLimiter(InstantSource clock);

    private static final RateLimit THREE_PER_MINUTE = new RateLimit(3, Duration.ofMinutes(1));

    private final TestClock clock = new TestClock();
    private RateLimiter limiter;

    @BeforeEach
    void setUpLimiter() {
        limiter = newLimiter(clock);
    }

    @Test
    void aFullBucket_allowsABurstOfPermitsCountingDownTheRemainder() {
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isEqualTo(new RateDecision.Allowed(2));
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isEqualTo(new RateDecision.Allowed(1));
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isEqualTo(new RateDecision.Allowed(0));
    }

    @Test
    void anEmptyBucket_isLimitedWithTheTimeUntilTheNextPermit() {
        for (int i = 0; i < 3; i++) limiter.tryAcquire("k", THREE_PER_MINUTE);

        RateDecision decision = limiter.tryAcquire("k", THREE_PER_MINUTE);

        assertThat(decision).isInstanceOfSatisfying(RateDecision.Limited.class, l -> assertThat(l.retryAfter())
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)).isGreaterThan(Duration.ofSeconds(19)));
    }

    @Test
    void waitingTheRetryAfter_allowsAgain_andWaitingLessDoesNot() {
        for (int i = 0; i < 3; i++) limiter.tryAcquire("k", THREE_PER_MINUTE);
        Duration retryAfter = ((RateDecision.Limited) limiter.tryAcquire("k", THREE_PER_MINUTE)).retryAfter();

        clock.advance(retryAfter.minusSeconds(1));
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Limited.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Allowed.class);
    }

    @Test
    void theBucketRefillsToAtMostThePermits() {
        for (int i = 0; i < 3; i++) limiter.tryAcquire("k", THREE_PER_MINUTE);

        clock.advance(Duration.ofHours(1));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Allowed.class);
        }
        assertThat(limiter.tryAcquire("k", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Limited.class);
    }

    @Test
    void keys_haveSeparateBuckets() {
        for (int i = 0; i < 3; i++) limiter.tryAcquire("tenant-a:alice", THREE_PER_MINUTE);

        assertThat(limiter.tryAcquire("tenant-a:alice", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Limited.class);
        assertThat(limiter.tryAcquire("tenant-a:bob", THREE_PER_MINUTE)).isInstanceOf(RateDecision.Allowed.class);
    }
}
