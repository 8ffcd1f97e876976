package io.praetor.adapters.redis;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.Lease;
import io.praetor.testkit.fixtures.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redisson resends a script whose reply timed out: a resent call must not defeat its caller. */
class RedisResentScriptTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private static final IdempotencyScope SCOPE = new IdempotencyScope(TENANT_A, "alice", "key-1");
    private static final Duration TTL = Duration.ofHours(24);

    @Test
    void aClaimSentTwice_isClaimedBothTimes_whileAnotherClaimIsInFlight() {
        var records = (RedisIdempotencyRecords) redis.adapters(new TestClock()).idempotencyRecords();

        assertThat(records.claim(SCOPE, "hash-1", TTL, "attempt-1")).isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(records.claim(SCOPE, "hash-1", TTL, "attempt-1")).isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(records.claim(SCOPE, "hash-1", TTL, "attempt-2")).isInstanceOf(IdempotencyClaim.InFlight.class);
    }

    @Test
    void anAcquireSentTwiceBySameOwner_holdsTheLeaseWithTheLaterToken() {
        var locks = redis.adapters(new TestClock()).locks();
        Duration ttl = Duration.ofSeconds(30);

        Lease first = locks.tryAcquire(TENANT_A, "n", "worker-1", ttl).orElseThrow();
        Lease again = locks.tryAcquire(TENANT_A, "n", "worker-1", ttl).orElseThrow();

        assertThat(again.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(locks.renew(first, ttl)).isEmpty();
        assertThat(locks.renew(again, ttl)).isPresent();
    }
}
