package io.praetor.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A service of a test's own (PostgreSQL, NATS, Redis) on a free loopback port with its files in a
 * temporary directory, which the test may stop, start and restart at will: the shared instances
 * (5432, 4222, 6379) are used by other test runs and must never be restarted. A missing binary
 * fails the test, naming it; closing stops the service and deletes its files.
 */
public abstract sealed class OwnService implements AutoCloseable permits OwnPostgres, OwnNats, OwnRedis {
    private static final Duration READY = Duration.ofSeconds(60);

    protected final Path dir;
    protected final int port;
    private boolean running;

    protected OwnService(String name) {
        try {
            this.dir = Files.createTempDirectory("praetor-own-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = freePort();
    }

    public int port() {
        return port;
    }

    /** What the service says about itself, for a failure message. */
    public abstract String describe();

    protected abstract void launch();

    protected abstract void halt();

    /** Whether it answers its protocol's simplest request now. */
    protected abstract boolean answers();

    /** Starts it and waits until it answers (60 s at most). */
    public final synchronized void start() {
        launch();
        running = true;
        await(this::answers, READY, describe() + " did not come up");
    }

    /** Stops it the way an operator's restart does (a clean, fast shutdown); waits until it is gone. */
    public final synchronized void stop() {
        if (!running) return;
        halt();
        running = false;
        await(() -> !listening(), READY, describe() + " still listens after stop");
    }

    /** Down for {@code down}, then up again; returns how long it did not answer. */
    public final Duration restart(Duration down) {
        long t = System.nanoTime();
        stop();
        sleep(down);
        start();
        return Duration.ofNanos(System.nanoTime() - t);
    }

    @Override
    public final synchronized void close() {
        try {
            stop();
        } finally {
            deleteTree(dir);
        }
    }

    protected boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** One line sent on a fresh connection, and the first line answered ("" when none). */
    protected String exchangeLine(String line) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(2000);
            if (!line.isEmpty()) s.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = s.getInputStream().read()) >= 0 && c != '\n') sb.append((char) c);
            return sb.toString().trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The first of {@code candidates} that is an executable file, or a loud failure naming them. */
    protected static Path binary(String what, List<Path> candidates) {
        for (Path p : candidates) if (Files.isExecutable(p)) return p;
        throw new AssertionError("this test starts its own " + what + " and needs one of " + candidates
                + " (install it, or point the system property named in the message at it)");
    }

    /** {@code name} on the PATH, as a candidate. */
    protected static List<Path> onPath(String name) {
        List<Path> out = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) out.add(Path.of(d, name));
        }
        return out;
    }

    protected static Optional<Path> property(String name) {
        return Optional.ofNullable(System.getProperty(name)).map(Path::of);
    }

    /** Runs a command to its end (2 min at most); its output when it succeeded, else a loud failure. */
    protected static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 2 minutes: " + out);
            }
            if (p.exitValue() != 0) throw new AssertionError(command + " exited with " + p.exitValue() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void signal(Process p, String signal) {
        run(List.of("kill", "-" + signal, Long.toString(p.pid())));
    }

    protected static void await(BooleanSupplier done, Duration within, String failure) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(failure + " within " + within);
            sleep(Duration.ofMillis(50));
        }
    }

    protected static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static void waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }
}
