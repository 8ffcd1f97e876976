package io.praetor.bench.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this process's threads by name (digits folded, so {@code ForkJoinPool-1-worker-3}
 * counts with its siblings), from {@code /proc/self/task}: JIT compiler and GC threads included,
 * which {@code ThreadMXBean} does not show, and virtual threads counted in their carriers
 * ({@code ForkJoinPool-N-worker-N}). Linux only; 10 ms resolution per thread.
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /** Milliseconds of CPU (user + system) so far, by folded thread name; empty off Linux. */
    static Map<String, Long> byName() {
        Map<String, Long> cpu = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) return cpu;
        long msPerTick = 1000 / 100; // USER_HZ is 100 on Linux
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * msPerTick, Long::sum);
            } catch (IOException | RuntimeException threadEnded) {
                // a thread that ended between the listing and the read: its time is gone from both snapshots' view
            }
        }
        return cpu;
    }

    /** The {@code n} thread groups that used the most CPU between two snapshots, as "name ms, …". */
    static String top(Map<String, Long> before, Map<String, Long> after, int n) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .limit(n)
                .map(e -> e.getKey() + " " + e.getValue() + " ms")
                .collect(Collectors.joining(", "));
    }
}
