package io.praetor.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code praetor serve} in a child JVM on this test's class path, so it can be SIGKILLed
 * ({@link Process#destroyForcibly()} is SIGKILL on Linux) and started again on the same data.
 */
final class ChildServer implements AutoCloseable {
    private final Process process;
    final String base;

    private ChildServer(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    static ChildServer start(Map<String, String> env, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-Dreliability.log=" + log,
                "-cp", System.getProperty("java.class.path"), "io.praetor.server.PraetorMain", "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".err").toFile()));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("Praetor is listening on ")) {
                            String u = line.substring("Praetor is listening on ".length()).trim();
                            Thread.ofVirtual().start(() -> drain(out));
                            return u;
                        }
                    }
                    throw new IllegalStateException("the child server exited before listening (exit " + p.waitFor() + ")");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            return new ChildServer(p, url.get(90, TimeUnit.SECONDS).replace("0.0.0.0", "127.0.0.1"));
        } catch (Exception e) {
            throw new AssertionError("could not start the child server: " + e, e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // keep the pipe empty
            }
        } catch (IOException closed) {
            // the child died
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
