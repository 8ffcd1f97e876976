package io.praetor.domain.ai;

import java.time.Duration;

/**
 * How the domain uses the model.
 *
 * @param timeout bound of one model call ({@code PRAETOR_AI_TIMEOUT_MS})
 * @param inlineBudget bound of AI work inside a read such as {@code GET /metrics?deep=true}
 * @param failureThreshold consecutive failures that open the circuit
 * @param breakerDelay how long the circuit stays open before one trial call (half-open)
 * @param maxConcurrent model calls in flight at once; more are answered locally at once
 * @param maxRepairs times a generated policy that does not compile is sent back with its errors
 * @param summaryTokens budget of a data summary sent to the model (about 4 characters a token)
 * @param maxToolRounds assistant rounds of tool calls before it must answer
 */
public record AiSettings(Duration timeout, Duration inlineBudget, int failureThreshold, Duration breakerDelay,
                         int maxConcurrent, int maxRepairs, int summaryTokens, int maxToolRounds) {
    public static final AiSettings DEFAULTS = new AiSettings(Duration.ofMillis(1500), Duration.ofMillis(250), 3,
            Duration.ofSeconds(30), 4, 2, 3000, 4);

    public AiSettings {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (inlineBudget.isNegative() || inlineBudget.isZero()) throw new IllegalArgumentException("inlineBudget must be positive");
        if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be at least 1");
        if (breakerDelay.isNegative()) throw new IllegalArgumentException("breakerDelay must not be negative");
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be at least 1");
        if (maxRepairs < 0) throw new IllegalArgumentException("maxRepairs must not be negative");
        if (summaryTokens < 200) throw new IllegalArgumentException("summaryTokens must be at least 200");
        if (maxToolRounds < 1) throw new IllegalArgumentException("maxToolRounds must be at least 1");
    }

    public AiSettings withTimeout(Duration t, Duration inline) {
        return new AiSettings(t, inline, failureThreshold, breakerDelay, maxConcurrent, maxRepairs, summaryTokens, maxToolRounds);
    }

    public AiSettings withBreaker(int threshold, Duration delay) {
        return new AiSettings(timeout, inlineBudget, threshold, delay, maxConcurrent, maxRepairs, summaryTokens, maxToolRounds);
    }
}
