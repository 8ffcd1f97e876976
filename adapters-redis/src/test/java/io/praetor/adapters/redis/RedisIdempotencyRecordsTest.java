package io.praetor.adapters.redis;

import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.testkit.IdempotencyRecordsContract;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisIdempotencyRecordsTest extends IdempotencyRecordsContract {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Override
    protected IdempotencyRecords newRecords(InstantSource clock) {
        return redis.adapters(clock).idempotencyRecords();
    }
}
