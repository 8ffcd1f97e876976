package io.praetor.adapters.redis;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.StoredResponse;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two server instances (two clients built by the public factory) over one prefix see one state. */
class RedisSharedAcrossInstancesTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private final TestClock clock = new TestClock();
    private RedisAdapters one;
    private RedisAdapters two;

    @BeforeEach
    void connectTwoInstances() {
        RedisSettings settings = new RedisSettings(TestRedis.URL, redis.newPrefix());
        one = RedisAdapters.connect(settings, clock);
        two = RedisAdapters.connect(settings, clock);
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
    }

    @Test
    void concurrentClaimsFromBothInstances_giveOneClaimed_andTheOtherReplaysTheResponse() throws Exception {
        var scope = new IdempotencyScope(TENANT_A, "alice", "key-1");
        var response = new StoredResponse(202, "application/json", Map.of("Location", "/api/v1/actions/a-1"),
                "{}".getBytes(StandardCharsets.UTF_8));
        List<Callable<IdempotencyClaim>> claims = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            RedisAdapters instance = i % 2 == 0 ? one : two;
            claims.add(() -> instance.idempotencyRecords().claim(scope, "hash-1", Duration.ofHours(24)));
        }

        List<IdempotencyClaim> outcomes = runTogether(claims);
        one.idempotencyRecords().complete(scope, "hash-1", response, Duration.ofHours(24));

        assertThat(outcomes).filteredOn(c -> c instanceof IdempotencyClaim.Claimed).hasSize(1);
        assertThat(two.idempotencyRecords().claim(scope, "hash-1", Duration.ofHours(24)))
                .isEqualTo(new IdempotencyClaim.Replay(response));
    }

    @Test
    void aRateLimit_isOneBucketAcrossInstances() {
        RateLimit limit = new RateLimit(3, Duration.ofMinutes(1));

        assertThat(one.rateLimiter().tryAcquire("tenant-a:alice", limit)).isEqualTo(new RateDecision.Allowed(2));
        assertThat(two.rateLimiter().tryAcquire("tenant-a:alice", limit)).isEqualTo(new RateDecision.Allowed(1));
        assertThat(one.rateLimiter().tryAcquire("tenant-a:alice", limit)).isEqualTo(new RateDecision.Allowed(0));
        assertThat(two.rateLimiter().tryAcquire("tenant-a:alice", limit)).isInstanceOf(RateDecision.Limited.class);
    }

    @Test
    void aLeaseHeldByOneInstance_isTakenOverByTheOtherOnlyAfterExpiry_withAHigherToken() {
        Duration ttl = Duration.ofSeconds(30);
        Lease stale = one.locks().tryAcquire(TENANT_A, "resource:r-1", "instance-1", ttl).orElseThrow();

        assertThat(two.locks().tryAcquire(TENANT_A, "resource:r-1", "instance-2", ttl)).isEmpty();
        clock.advance(ttl);
        Lease winner = two.locks().tryAcquire(TENANT_A, "resource:r-1", "instance-2", ttl).orElseThrow();

        assertThat(winner.fencingToken()).isGreaterThan(stale.fencingToken());
        assertThat(one.locks().renew(stale, ttl)).isEmpty();
    }

    private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
