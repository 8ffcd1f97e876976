package io.praetor.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.testkit.fixtures.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;

/**
 * The circuit breaker in front of the cache and the rate limits, against a redis-server of this
 * test's own (a free port, no persistence) that it freezes (SIGSTOP) and thaws (SIGCONT): after
 * repeated timeouts the circuit opens and calls are not sent at all (Redis's own command counts do
 * not move), then a probe after the open delay closes it and the cache works again without a
 * restart. The shared Redis at 6379 is not used. The timeout only guards against a hang.
 */
@Timeout(120)
class RedisCircuitTest {
    /** Long enough that the short-circuited calls below surely happen before the first probe. */
    private static final Duration OPEN_FOR = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private Process redis;
    private int port;
    private RedisAdapters adapters;

    @BeforeEach
    void startOwnRedis() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try {
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs the redis-server binary on the PATH: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cli("PING").contains("PONG")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
        RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + port, "circuit-test");
        adapters = new RedisAdapters(Redisson.create(RedisAdapters.config(settings)), true, settings.prefix(),
                new TestClock(), new RedisCircuit(3, OPEN_FOR));
    }

    @AfterEach
    void stopOwnRedis() throws Exception {
        if (adapters != null) adapters.close();
        if (redis != null) {
            signal("CONT");
            redis.destroyForcibly().waitFor();
        }
    }

    @Test
    void repeatedTimeouts_openTheCircuit_whichStopsCallingRedis_untilAProbeClosesIt() throws Exception {
        byte[] value = "v".getBytes(StandardCharsets.UTF_8);
        RateLimit limit = new RateLimit(1_000, Duration.ofMinutes(1));
        adapters.cache().put("k", value, Duration.ofMinutes(5));
        assertThat(adapters.cache().get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        assertThat(adapters.rateLimiter().tryAcquire("acme/alice", limit)).isNotNull();
        assertThat(adapters.circuitState()).isEqualTo("closed");

        signal("STOP");
        // each read times out (a miss); three in a row open the circuit
        for (int i = 0; i < RedisCircuit.FAILURES_TO_OPEN; i++) assertThat(adapters.cache().get("k")).isEmpty();
        assertThat(adapters.circuitState()).isEqualTo("open");

        signal("CONT");
        // the reads sent while frozen are answered now; from here Redis's own counts show what reaches it
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cli("PING").contains("PONG")) {
            assertThat(System.nanoTime()).as("redis-server answers after SIGCONT").isLessThan(deadline);
            Thread.sleep(50);
        }
        long gets = calls("get");
        long scripts = calls("evalsha") + calls("eval");
        long writes = calls("set") + calls("psetex");

        assertThat(adapters.cache().get("k")).as("open: a miss without asking, though Redis has it").isEmpty();
        adapters.cache().put("k2", value, Duration.ofMinutes(5));
        PraetorException limited = catchThrowableOfType(PraetorException.class,
                () -> adapters.rateLimiter().tryAcquire("acme/alice", limit));
        assertThat(limited).isNotNull();
        assertThat(limited.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
        assertThat(limited.getMessage()).contains("circuit open");
        assertThat(adapters.reachable()).isFalse();
        assertThat(adapters.circuitState()).as("still within the open delay").isEqualTo("open");
        assertThat(calls("get")).isEqualTo(gets);
        assertThat(calls("evalsha") + calls("eval")).isEqualTo(scripts);
        assertThat(calls("set") + calls("psetex")).as("the write while open was dropped").isEqualTo(writes);

        // after the delay one call is let through; Redis answers, so the circuit closes and the cache is used again
        deadline = System.nanoTime() + OPEN_FOR.plusSeconds(30).toNanos();
        while (adapters.cache().get("k").isEmpty()) {
            assertThat(System.nanoTime()).as("a probe closes the circuit").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(adapters.circuitState()).isEqualTo("closed");
        assertThat(adapters.rateLimiter().tryAcquire("acme/alice", limit)).isNotNull();
        assertThat(adapters.reachable()).isTrue();
    }

    @Test
    void readinessPing_isTheProbe_whenNoOtherCallComes() throws Exception {
        signal("STOP");
        for (int i = 0; i < RedisCircuit.FAILURES_TO_OPEN; i++) assertThat(adapters.reachable()).isFalse();
        assertThat(adapters.circuitState()).isEqualTo("open");
        signal("CONT");
        long deadline = System.nanoTime() + OPEN_FOR.plusSeconds(30).toNanos();
        while (!adapters.reachable()) {
            assertThat(System.nanoTime()).as("the ping closes the circuit once it may probe").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(adapters.circuitState()).isEqualTo("closed");
    }

    /** How many times Redis has run {@code command} (INFO commandstats), 0 if never. */
    private long calls(String command) throws Exception {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(cli("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String cli(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        all.addAll(List.of(command));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(redis.pid())).start().waitFor();
    }
}
