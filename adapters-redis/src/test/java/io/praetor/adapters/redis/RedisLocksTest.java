package io.praetor.adapters.redis;

import io.praetor.ports.coordination.Locks;
import io.praetor.testkit.LocksContract;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisLocksTest extends LocksContract {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Override
    protected Locks newLocks(InstantSource clock) {
        return redis.adapters(clock).locks();
    }
}
