package io.praetor.adapters.redis;

import io.praetor.ports.coordination.Cache;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.Locks;
import io.praetor.ports.coordination.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;

/**
 * The entry point: one Redis connection (Redisson) and the coordination adapters over it, every key
 * under the settings' prefix, every expiry judged by the given clock. Thread-safe; close it to
 * disconnect.
 *
 * <p>{@link #connect} never fails because Redis is down: the client connects on first use, so a
 * server can start and serve while Redis is away. Then {@link #cache()} reads as empty and drops
 * writes, and the other adapters throw {@code DEPENDENCY_UNAVAILABLE}; {@link #reachable()} is
 * for a readiness check.
 *
 * <pre>{@code
 * try (RedisAdapters redis = RedisAdapters.connect(new RedisSettings("redis://127.0.0.1:6379", "praetor"),
 *         InstantSource.system())) {
 *     Cache cache = redis.cache();
 *     RateLimiter limiter = redis.rateLimiter();
 * }
 * }</pre>
 */
public final class RedisAdapters implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);

    private final RedissonClient client;
    private final boolean ownsClient;
    private final Cache cache;
    private final RateLimiter rateLimiter;
    private final IdempotencyRecords idempotencyRecords;
    private final Locks locks;
    private final RedisCircuit circuit;

    RedisAdapters(RedissonClient client, boolean ownsClient, String prefix, InstantSource clock) {
        this(client, ownsClient, prefix, clock, RedisCircuit.defaults());
    }

    RedisAdapters(RedissonClient client, boolean ownsClient, String prefix, InstantSource clock, RedisCircuit circuit) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.circuit = circuit;
        RedisKeys keys = new RedisKeys(prefix);
        this.cache = new RedisCache(client, keys, clock, circuit);
        this.rateLimiter = new RedisRateLimiter(client, keys, clock, circuit);
        this.idempotencyRecords = new RedisIdempotencyRecords(client, keys, clock);
        this.locks = new RedisLocks(client, keys, clock);
    }

    /** Creates the client (without connecting yet) and the adapters. */
    public static RedisAdapters connect(RedisSettings settings, InstantSource clock) {
        return new RedisAdapters(Redisson.create(config(settings)), true, settings.prefix(), clock);
    }

    static Config config(RedisSettings settings) {
        RedisSettings.Address address = settings.address();
        Config config = new Config();
        config.setLazyInitialization(true);
        config.setUseScriptCache(true);
        config.setCodec(StringCodec.INSTANCE);
        config.useSingleServer()
                .setAddress(address.hostAndScheme())
                .setDatabase(address.database())
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setTimeout((int) COMMAND_TIMEOUT.toMillis())
                .setRetryAttempts(2)
                .setRetryDelay(new ConstantDelay(Duration.ofMillis(100)))
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(32);
        if (address.password() != null) config.setUsername(address.username()).setPassword(address.password());
        return config;
    }

    public Cache cache() {
        return cache;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public IdempotencyRecords idempotencyRecords() {
        return idempotencyRecords;
    }

    public Locks locks() {
        return locks;
    }

    /**
     * Whether Redis answers a round trip within half a second; never throws. For {@code /readyz}. It
     * goes through the circuit: false at once while it is open, and it is the probe that closes it
     * when Redis is back and no request has tried yet.
     */
    public boolean reachable() {
        try {
            return circuit.call("a ping", () -> {
                RScript script = client.getScript(OptionalOptions.defaults()
                        .codec(StringCodec.INSTANCE).timeout(PING_TIMEOUT).retryAttempts(0));
                return "pong".equals(script.eval(RScript.Mode.READ_ONLY, "return 'pong'", RScript.ReturnType.VALUE,
                        List.of()));
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The circuit breaker in front of the cache and the rate limits: {@code closed}, {@code open} or {@code half-open}. */
    public String circuitState() {
        return circuit.state();
    }

    @Override
    public void close() {
        if (ownsClient) client.shutdown();
    }
}
