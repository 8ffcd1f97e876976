package io.praetor.adapters.redis;

import io.praetor.ports.coordination.RateLimiter;
import io.praetor.testkit.RateLimiterContract;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRateLimiterTest extends RateLimiterContract {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Override
    protected RateLimiter newLimiter(InstantSource clock) {
        return redis.adapters(clock).rateLimiter();
    }
}
