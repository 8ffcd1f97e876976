package io.praetor.adapters.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Pins that the Redis tests fail, never skip, when no Redis answers. */
class TestRedisTest {
    @Test
    void beforeAll_withoutARedis_failsLoudlyNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestRedis redis = new TestRedis("redis://127.0.0.1:" + port);

        assertThatThrownBy(() -> redis.beforeAll(null))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("need a running Redis at redis://127.0.0.1:" + port);
    }
}
