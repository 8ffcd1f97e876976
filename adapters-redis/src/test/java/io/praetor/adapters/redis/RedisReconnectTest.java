package io.praetor.adapters.redis;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.testkit.fixtures.TestClock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.config.Config;

/**
 * Redis dropping every connection of an instance (as a restart does) needs no restart of the
 * instance: the adapters reconnect on their own. Only this test's connections are killed, found by
 * their client name, so other users of the shared Redis are untouched.
 */
class RedisReconnectTest {
    @RegisterExtension
    static final TestRedis redis = new TestRedis();

    @Test
    void afterRedisDropsTheConnections_theAdaptersWorkAgainWithoutARestart() throws IOException {
        String clientName = "praetor-test-" + UUID.randomUUID();
        Config config = RedisAdapters.config(new RedisSettings(TestRedis.URL, "unused"));
        config.useSingleServer().setClientName(clientName);
        TestClock clock = new TestClock();
        try (RedisAdapters adapters = new RedisAdapters(Redisson.create(config), true, redis.newPrefix(), clock)) {
            assertThat(adapters.locks().tryAcquire(TENANT_A, "n", "worker-1", Duration.ofSeconds(30))).isPresent();

            assertThat(killConnectionsNamed(clientName)).isPositive();

            assertThat(adapters.locks().tryAcquire(TENANT_A, "other", "worker-1", Duration.ofSeconds(30))).isPresent();
            adapters.cache().put("k", new byte[] {1}, Duration.ofMinutes(1));
            assertThat(adapters.cache().get("k")).isPresent();
        }
    }

    /** CLIENT LIST, then CLIENT KILL ID for each connection with that name, over a raw RESP socket. */
    private static int killConnectionsNamed(String name) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(out, "CLIENT", "LIST");
            List<String> ids = new ArrayList<>();
            for (String line : readReply(in).split("\n")) {
                if (line.contains(" name=" + name + " ")) ids.add(line.substring(3, line.indexOf(' ')));
            }
            for (String id : ids) {
                send(out, "CLIENT", "KILL", "ID", id);
                readReply(in);
            }
            return ids.size();
        }
    }

    private static void send(OutputStream out, String... args) throws IOException {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) command.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a bulk string, integer or simple reply as text. */
    private static String readReply(InputStream in) throws IOException {
        String header = readLine(in);
        if (header.charAt(0) != '$') return header;
        byte[] data = in.readNBytes(Integer.parseInt(header.substring(1)));
        readLine(in);
        return new String(data, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) throw new IOException("Redis closed the connection");
            line.append((char) c);
        }
        in.read(); // '\n'
        return line.toString();
    }
}
