package io.praetor.bench.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code praetor serve} in a JVM of its own, started with this JVM's class path (so the build in
 * the working tree, not an installed one), as a production instance runs: its garbage collector
 * pauses only itself. Its output goes to {@code log}.
 */
record ServeChild(String name, Process process, Path log, String url) implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Praetor is listening on (http://\\S+)");
    /**
     * A production-like heap for one instance and the default collector (G1), as {@code praetor serve}
     * would get; {@code -Dbench.child.jvm="…"} (space-separated) replaces them, e.g. to fix the heap size.
     */
    static final List<String> JVM_FLAGS = List.of(System.getProperty("bench.child.jvm", "-Xmx512m").trim().split("\\s+"));

    static ServeChild start(String name, Map<String, String> env, Path logDir) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.praetor.server.PraetorMain", "serve"));
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PRAETOR_")); // only what the bench sets
        pb.environment().putAll(env);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) return new ServeChild(name, p, log, m.group(1));
            if (!p.isAlive()) throw new IllegalStateException("instance " + name + " exited with " + p.exitValue() + "; see " + log);
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("instance " + name + " did not listen within 60 s; see " + log);
    }

    /** SIGTERM (the shutdown hook closes the server), SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
