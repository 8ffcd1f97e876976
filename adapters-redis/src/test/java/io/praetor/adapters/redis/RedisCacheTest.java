package io.praetor.adapters.redis;

import io.praetor.ports.coordination.Cache;
import io.praetor.testkit.CacheContract;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisCacheTest extends CacheContract {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Override
    protected Cache newCache(InstantSource clock) {
        return redis.adapters(clock).cache();
    }
}
