package io.praetor.adapters.redis;

import dev.failsafe.CircuitBreaker;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.time.Duration;
import java.util.function.Supplier;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker (Failsafe) in front of the best-effort Redis calls of an instance: the metrics
 * cache, the rate limits and the readiness ping. A frozen or unreachable Redis costs each call its
 * timeout; after {@code failuresToOpen} failures in a row the circuit opens and calls are not sent
 * at all (the caller gets {@code DEPENDENCY_UNAVAILABLE} at once and does without Redis). After
 * {@code openFor} one call at a time is let through as a probe (half-open); its success closes the
 * circuit, its failure opens it again. Thread-safe.
 *
 * <p>Failures are what says Redis is not answering (Redisson's exceptions, and the adapters'
 * {@code DEPENDENCY_UNAVAILABLE}/{@code OUTCOME_UNKNOWN}); anything else passes through without
 * counting either way.
 */
final class RedisCircuit {
    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);
    static final int FAILURES_TO_OPEN = 3;
    static final Duration OPEN_FOR = Duration.ofSeconds(5);

    private final CircuitBreaker<Object> breaker;

    RedisCircuit(int failuresToOpen, Duration openFor) {
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(failuresToOpen)
                .withDelay(openFor)
                .withSuccessThreshold(1)
                .onOpen(e -> log.warn("Redis circuit open: {} calls failed in a row; Redis is not asked for {} ms",
                        failuresToOpen, openFor.toMillis()))
                .onHalfOpen(e -> log.info("Redis circuit half-open: trying one call"))
                .onClose(e -> log.info("Redis circuit closed: Redis answers again"))
                .build();
    }

    static RedisCircuit defaults() {
        return new RedisCircuit(FAILURES_TO_OPEN, OPEN_FOR);
    }

    /** Runs {@code call} if the circuit lets it through; DEPENDENCY_UNAVAILABLE without trying otherwise. */
    <T> T call(String what, Supplier<T> call) {
        if (!breaker.tryAcquirePermit()) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Redis circuit open: " + what + " not tried");
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            if (unavailable(e)) {
                breaker.recordFailure();
            } else {
                breaker.recordSuccess(); // Redis answered; the error is the caller's business
            }
            throw e;
        }
        breaker.recordSuccess();
        return result;
    }

    /** {@code closed}, {@code open} or {@code half-open}. */
    String state() {
        return switch (breaker.getState()) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
        };
    }

    private static boolean unavailable(RuntimeException e) {
        if (e instanceof PraetorException p) {
            return p.code() == ErrorCode.DEPENDENCY_UNAVAILABLE || p.code() == ErrorCode.OUTCOME_UNKNOWN;
        }
        return e instanceof RedisException;
    }
}
