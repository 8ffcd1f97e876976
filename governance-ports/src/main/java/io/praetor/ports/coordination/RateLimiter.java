package io.praetor.ports.coordination;

/** Token buckets by key (tenant + principal). Thread-safe; time from the injected clock. */
public interface RateLimiter {
    RateDecision tryAcquire(String key, RateLimit limit);
}
