package io.praetor.adapters.redis;

import io.praetor.ports.coordination.Cache;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.PlainOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A best-effort cache in Redis strings. Each value carries its expiry (epoch microseconds of the
 * injected clock, 8 bytes) before the payload; the Redis TTL only collects garbage. Any Redis failure
 * reads as a miss and drops the write, with no retry and a short timeout: a cache must never make a
 * request slower than the recomputation it saves. Every call goes through the instance's
 * {@link RedisCircuit}: once Redis has failed several calls in a row, the cache reads as a miss
 * without asking it (no timeout to wait) until a probe succeeds. The first failure after a success
 * is logged once.
 */
final class RedisCache implements Cache {
    private static final Logger log = LoggerFactory.getLogger(RedisCache.class);
    static final Duration TIMEOUT = Duration.ofMillis(500);

    private final RedissonClient client;
    private final RedisKeys keys;
    private final InstantSource clock;
    private final RedisCircuit circuit;
    private final AtomicBoolean failing = new AtomicBoolean();

    RedisCache(RedissonClient client, RedisKeys keys, InstantSource clock, RedisCircuit circuit) {
        this.client = client;
        this.keys = keys;
        this.clock = clock;
        this.circuit = circuit;
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] stored;
        try {
            stored = circuit.call("a cache read", () -> bucket(key).get());
        } catch (RuntimeException e) {
            degraded("get", e);
            return Optional.empty();
        }
        recovered();
        if (stored == null || stored.length < Long.BYTES) return Optional.empty();
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        if (LuaScripts.micros(clock.instant()) >= buffer.getLong()) return Optional.empty();
        byte[] value = new byte[buffer.remaining()];
        buffer.get(value);
        return Optional.of(value);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            invalidate(key);
            return;
        }
        byte[] stored = ByteBuffer.allocate(Long.BYTES + value.length)
                .putLong(LuaScripts.micros(clock.instant().plus(ttl)))
                .put(value)
                .array();
        try {
            circuit.call("a cache write", () -> {
                bucket(key).set(stored, Duration.ofMillis(LuaScripts.gcMillis(ttl)));
                return true;
            });
        } catch (RuntimeException e) {
            degraded("put", e);
            return;
        }
        recovered();
    }

    @Override
    public void invalidate(String key) {
        try {
            circuit.call("a cache invalidation", () -> bucket(key).delete());
        } catch (RuntimeException e) {
            // a stale entry outlives this only until its ttl; the cache stays best effort
            degraded("invalidate", e);
            return;
        }
        recovered();
    }

    private RBucket<byte[]> bucket(String key) {
        return client.getBucket(PlainOptions.name(keys.cache(key))
                .codec(ByteArrayCodec.INSTANCE)
                .timeout(TIMEOUT)
                .retryAttempts(0));
    }

    private void degraded(String operation, RuntimeException e) {
        if (failing.compareAndSet(false, true)) {
            log.warn("Redis cache unavailable ({} failed: {}); serving without the cache until it answers again",
                    operation, e.toString());
        }
    }

    private void recovered() {
        if (failing.compareAndSet(true, false)) log.info("Redis cache answers again");
    }
}
