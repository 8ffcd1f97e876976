package io.praetor.adapters.memory;

import io.praetor.ports.coordination.RateLimiter;
import io.praetor.testkit.RateLimiterContract;
import java.time.InstantSource;

class InMemoryRateLimiterTest extends RateLimiterContract {
    @Override
    protected RateLimiter newLimiter(InstantSource clock) {
        return new InMemoryRateLimiter(clock);
    }
}
