package io.praetor.adapters.redis;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.testkit.fixtures.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis down (a closed port): the adapters are created anyway, the cache behaves as empty, and the
 * adapters that must not guess fail closed with {@code DEPENDENCY_UNAVAILABLE}. The timeout only
 * guards against a hang (connect timeout 1 s, no cache retries); it is not a speed assertion.
 */
@Timeout(60)
class RedisUnreachableTest {
    private static RedisAdapters redis;

    @BeforeAll
    static void connectToAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = RedisAdapters.connect(new RedisSettings("redis://127.0.0.1:" + port, "praetor-down"), new TestClock());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @Test
    void cache_readsAsEmptyAndDropsWrites_withoutThrowing() {
        assertThatCode(() -> redis.cache().put("tenant-a:metrics", "v".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(5))).doesNotThrowAnyException();
        assertThat(redis.cache().get("tenant-a:metrics")).isEmpty();
        assertThatCode(() -> redis.cache().invalidate("tenant-a:metrics")).doesNotThrowAnyException();
    }

    @Test
    void reachable_isFalse() {
        assertThat(redis.reachable()).isFalse();
    }

    @Test
    void idempotencyLocksAndRateLimits_failClosedAsDependencyUnavailable() {
        var scope = new IdempotencyScope(TENANT_A, "alice", "key-1");

        assertUnavailable(() -> redis.idempotencyRecords().claim(scope, "hash-1", Duration.ofHours(24)));
        assertUnavailable(() -> redis.locks().tryAcquire(TENANT_A, "resource:r-1", "worker-1", Duration.ofSeconds(30)));
        assertUnavailable(() -> redis.rateLimiter().tryAcquire("tenant-a:alice", new RateLimit(3, Duration.ofMinutes(1))));
    }

    private static void assertUnavailable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        PraetorException e = catchThrowableOfType(PraetorException.class, call);
        assertThat(e).as("a PraetorException").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    }
}
