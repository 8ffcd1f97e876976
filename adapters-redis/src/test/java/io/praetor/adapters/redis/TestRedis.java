package io.praetor.adapters.redis;

import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The real Redis at 127.0.0.1:6379 for one test class: one client, a key prefix unique to this run
 * and class (each {@link #adapters} call gets its own sub-prefix, so every test starts empty), and
 * all of the prefix's keys deleted afterwards. An unreachable Redis fails the class; it never skips.
 */
final class TestRedis implements BeforeAllCallback, AfterAllCallback {
    static final String URL = "redis://127.0.0.1:6379";

    private final String url;
    private final String runPrefix = "praetor-test-" + UUID.randomUUID();
    private final AtomicInteger stores = new AtomicInteger();
    private RedissonClient client;

    TestRedis() {
        this(URL);
    }

    TestRedis(String url) {
        this.url = url;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Config config = RedisAdapters.config(new RedisSettings(url, runPrefix));
        config.setLazyInitialization(false); // connect now, so a missing Redis fails here, loudly
        try {
            client = Redisson.create(config);
        } catch (RuntimeException e) {
            throw new AssertionError("These tests need a running Redis at " + url
                    + " and could not reach it (start one with `redis-server --port 6379`): " + e, e);
        }
    }

    /** Adapters over an empty key space of their own. */
    RedisAdapters adapters(InstantSource clock) {
        return new RedisAdapters(client, false, newPrefix(), clock);
    }

    /** A fresh prefix under this run's, for adapters a test creates itself. */
    String newPrefix() {
        return runPrefix + ":" + stores.incrementAndGet();
    }

    RedissonClient client() {
        return client;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client == null) return;
        try {
            client.getKeys().deleteByPattern(runPrefix + "*");
        } finally {
            client.shutdown();
        }
    }
}
