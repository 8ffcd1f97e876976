package io.praetor.adapters.redis;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RKeys;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/** What the adapters leave in Redis: keys under the prefix, each with a garbage-collecting TTL except fencing counters. */
class RedisKeySpaceTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    private final TestClock clock = new TestClock();
    private String prefix;
    private RedisAdapters adapters;

    @BeforeEach
    void setUp() {
        prefix = redis.newPrefix();
        adapters = new RedisAdapters(redis.client(), false, prefix, clock);
    }

    @Test
    void everyKey_isUnderThePrefix_andOnlyFencingCountersLiveWithoutATtl() {
        adapters.cache().put("tenant-a:metrics", "v".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));
        adapters.rateLimiter().tryAcquire("tenant-a:alice", new RateLimit(3, Duration.ofMinutes(1)));
        adapters.idempotencyRecords().claim(new IdempotencyScope(TENANT_A, "alice", "k"), "h", Duration.ofHours(24));
        adapters.locks().tryAcquire(TENANT_A, "resource:r-1", "worker-1", Duration.ofSeconds(30));

        Map<String, Long> ttls = ttlsUnder(prefix);

        assertThat(ttls).containsOnlyKeys(
                prefix + ":cache:tenant-a:metrics",
                prefix + ":rate:tenant-a:alice",
                prefix + ":idem:tenant-a:alice:k",
                prefix + ":lock:{tenant-a:resource%3Ar-1}:lease",
                prefix + ":lock:{tenant-a:resource%3Ar-1}:fence");
        long slack = LuaScripts.GC_SLACK.toMillis();
        assertThat(ttls.get(prefix + ":cache:tenant-a:metrics")).isBetween(1L, Duration.ofMinutes(5).toMillis() + slack);
        assertThat(ttls.get(prefix + ":rate:tenant-a:alice")).isBetween(1L, Duration.ofSeconds(20).toMillis() + slack);
        assertThat(ttls.get(prefix + ":idem:tenant-a:alice:k")).isBetween(1L, Duration.ofHours(24).toMillis() + slack);
        assertThat(ttls.get(prefix + ":lock:{tenant-a:resource%3Ar-1}:lease")).isBetween(1L, 30_000L + slack);
        assertThat(ttls.get(prefix + ":lock:{tenant-a:resource%3Ar-1}:fence")).isEqualTo(-1L);
    }

    @Test
    void scopeComponents_containingTheSeparator_neverShareARecord() {
        Duration ttl = Duration.ofHours(24);

        adapters.idempotencyRecords().claim(new IdempotencyScope(TENANT_A, "a:b", "c"), "h", ttl);

        assertThat(adapters.idempotencyRecords().claim(new IdempotencyScope(TENANT_A, "a", "b:c"), "h", ttl))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void aRateThatDoesNotDivideThePeriod_stillAllowsTheFullBurst_andNoMore() {
        RateLimit sevenPerSecond = new RateLimit(7, Duration.ofSeconds(1));

        for (int i = 0; i < 7; i++) {
            assertThat(adapters.rateLimiter().tryAcquire("k", sevenPerSecond))
                    .isEqualTo(new RateDecision.Allowed(6 - i));
        }
        RateDecision eighth = adapters.rateLimiter().tryAcquire("k", sevenPerSecond);

        // one permit every ceil(1 s / 7) = 142,858 µs
        assertThat(eighth).isEqualTo(new RateDecision.Limited(Duration.ofNanos(142_858_000)));
        clock.advance(Duration.ofNanos(142_857_000));
        assertThat(adapters.rateLimiter().tryAcquire("k", sevenPerSecond)).isInstanceOf(RateDecision.Limited.class);
        clock.advance(Duration.ofNanos(1_000));
        assertThat(adapters.rateLimiter().tryAcquire("k", sevenPerSecond)).isEqualTo(new RateDecision.Allowed(0));
    }

    @Test
    void aClockBehindTheStoredState_neverRefillsTheBucket() {
        RateLimit onePerMinute = new RateLimit(1, Duration.ofMinutes(1));
        adapters.rateLimiter().tryAcquire("k", onePerMinute);

        clock.set(clock.instant().minusSeconds(30)); // another instance whose clock lags

        assertThat(adapters.rateLimiter().tryAcquire("k", onePerMinute))
                .isEqualTo(new RateDecision.Limited(Duration.ofSeconds(90)));
    }

    private static Map<String, Long> ttlsUnder(String prefix) {
        RKeys keys = redis.client().getKeys();
        Map<String, Long> ttls = new TreeMap<>();
        for (String key : keys.getKeys(KeysScanOptions.defaults().pattern(prefix + ":*"))) {
            ttls.put(key, redis.client().getBucket(key, StringCodec.INSTANCE).remainTimeToLive());
        }
        return ttls;
    }

}
