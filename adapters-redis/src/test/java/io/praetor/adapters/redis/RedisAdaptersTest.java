package io.praetor.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.testkit.fixtures.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisAdaptersTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Test
    void reachable_isTrueAgainstTheRunningRedis() {
        try (RedisAdapters adapters = RedisAdapters.connect(new RedisSettings(TestRedis.URL, redis.newPrefix()),
                new TestClock())) {
            assertThat(adapters.reachable()).isTrue();
        }
    }

    @Test
    void thePasswordInTheUrl_isSentToRedis() {
        // the test Redis has no password, so it refuses an AUTH: proof that the url's password is used
        try (RedisAdapters adapters = RedisAdapters.connect(
                new RedisSettings("redis://:not-configured@127.0.0.1:6379", redis.newPrefix()), new TestClock())) {
            assertThat(adapters.reachable()).isFalse();
        }
    }
}
