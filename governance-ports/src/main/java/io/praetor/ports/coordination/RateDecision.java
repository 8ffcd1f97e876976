package io.praetor.ports.coordination;

import java.time.Duration;

public sealed interface RateDecision {
    record Allowed(long remaining) implements RateDecision {}

    record Limited(Duration retryAfter) implements RateDecision {}
}
