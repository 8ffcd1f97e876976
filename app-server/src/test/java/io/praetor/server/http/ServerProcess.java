package io.praetor.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code praetor serve} in a JVM of its own (this test JVM's class path), so a test can kill it
 * with SIGKILL ({@link Process#destroyForcibly()}) like a crashed instance, or stop and continue it
 * (SIGSTOP, SIGCONT) like an instance frozen by a long GC pause or a suspended VM. Its output goes to a
 * log file under {@code target/}, which a failing test names.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Praetor is listening on (http://\\S+)");

    final String name;
    final Path log;
    private final Process process;
    final String url;

    private ServerProcess(String name, Path log, Process process, String url) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.url = url;
    }

    static ServerProcess start(String name, Map<String, String> env, Path logDir) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.praetor.server.PraetorMain", "serve"));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("PRAETOR_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) return new ServerProcess(name, log, p, m.group(1));
                if (!p.isAlive()) throw new AssertionError("instance " + name + " exited with " + p.exitValue()
                        + " before listening; its output:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new AssertionError("instance " + name + " did not listen within 60 s; see " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no NAK, no lease release — what a crash leaves behind. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the whole JVM freezes (no thread runs, no lease is renewed) but keeps its sockets. */
    void pause() {
        signal("STOP");
    }

    /** SIGCONT: it carries on where it stopped, with whatever it held before. */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!process.isAlive()) return;
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) throw new AssertionError("kill -" + name + " " + process.pid() + " exited with " + exit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        resume(); // a stopped process acts on SIGTERM only once continued
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
