package io.praetor.adapters.bus.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus.WorkQueueOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bus across a restart of its NATS server. Restarting the shared server would disturb other
 * test runs, so this test starts its own {@code nats-server -js} (from the PATH, or
 * {@code -Dpraetor.nats.server=/path/to/nats-server}) on a free port with its own storage, and fails
 * when the binary is missing.
 */
class NatsReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path storage;
    private int port;
    private Process server;
    private NatsEventBus bus;

    @BeforeEach
    void startServer() throws IOException {
        storage = Files.createTempDirectory("praetor-nats-");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = startNatsServer();
    }

    @AfterEach
    void stopEverything() throws IOException {
        if (bus != null) bus.close();
        if (server != null) {
            server.destroyForcibly();
            awaitExit(server);
        }
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void afterTheServerRestarts_publishingAndBothKindsOfConsumerCarryOn_withoutLossOrDuplicates() throws IOException {
        bus = NatsEventBus.connect(new NatsBusSettings("nats://127.0.0.1:" + port, "reconnect", 2,
                Duration.ofHours(1), Duration.ofMillis(500)));
        String topic = "actions.execute";
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        bus.consume(topic, "executor", new WorkQueueOptions(Duration.ofSeconds(5), 5), d -> {
            handled.add(d.message().id());
            return Disposition.ack();
        });
        bus.subscribe(topic, m -> seen.add(m.id()));
        BusMessage before = message(topic);
        bus.publish(before);
        eventually(() -> handled.contains(before.id()) && seen.contains(before.id()), () -> "before restart");
        // the handler ran, but the ack may still be on its way: restart only once the server has recorded it
        eventually(this::serverHoldsNoUnackedWork, () -> "the ack of " + before.id() + " reached the server");

        assertThat(bus.reachable()).isTrue();
        server.destroy(); // SIGTERM: a restart, not a crash (after kill -9 recent acks may be lost: at least once)
        awaitExit(server);
        eventually(() -> !bus.reachable(), () -> "readiness notices the server is gone");
        BusMessage during = message(topic);
        assertThatThrownBy(() -> bus.publish(during))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        server = startNatsServer();

        // what the outbox does: the failed publish again until accepted; the client may also have sent its
        // buffered copy after reconnecting, and the stream keeps only one of them (same id)
        publishUntilAccepted(during);
        BusMessage after = message(topic);
        publishUntilAccepted(after);
        eventually(() -> handled.contains(after.id()) && seen.contains(after.id()),
                () -> "work handled " + handled + ", fan-out saw " + seen + ", after = " + after.id());
        eventually(bus::reachable, () -> "readiness notices the server is back");
        assertThat(handled).containsExactly(before.id(), during.id(), after.id());
        assertThat(seen).containsExactly(before.id(), during.id(), after.id());
    }

    private boolean serverHoldsNoUnackedWork() {
        try (Connection probe = Nats.connect("nats://127.0.0.1:" + port)) {
            JetStreamManagement jsm = probe.jetStreamManagement();
            for (String consumer : jsm.getConsumerNames(NatsEventBus.streamName("reconnect"))) {
                ConsumerInfo info = jsm.getConsumerInfo(NatsEventBus.streamName("reconnect"), consumer);
                if (info.getConsumerConfiguration().getDurable() != null
                        && (info.getNumAckPending() > 0 || info.getNumPending() > 0)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | JetStreamApiException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Process startNatsServer() throws IOException {
        String binary = System.getProperty("praetor.nats.server", "nats-server");
        Process p;
        try {
            p = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                    "-sd", storage.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(storage.resolve("server.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("This test needs the nats-server binary (set -Dpraetor.nats.server): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(s.isConnected()).isTrue();
                return p;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nats-server did not start; see " + storage.resolve("server.log"), e);
                }
                pause();
            }
        }
    }

    private void publishUntilAccepted(BusMessage m) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                bus.publish(m);
                return;
            } catch (PraetorException e) {
                if (System.nanoTime() > deadline) throw e;
                pause();
            }
        }
    }

    private static BusMessage message(String topic) {
        return new BusMessage(UUID.randomUUID().toString(), topic, TenantId.of("tenant-a"), "action-1", "action.execute",
                "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void awaitExit(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void eventually(BooleanSupplier condition, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not met within " + WAIT + ": " + state.get());
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
