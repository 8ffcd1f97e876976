package io.praetor.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency of a soak by kind of request, in fixed memory however long it runs (a soak that kept
 * every sample would grow the heap it measures): log-scale buckets 2% wide, for the whole run, for
 * its first window and for the last two windows. {@link #unstable} compares the first window with
 * the better of the last two: a slow-down that grows with the data (a leak, a list scanned per
 * request) persists, while a neighbour's build on a shared machine comes and goes.
 */
final class LatencyWindows {
    /** Bucket i holds latencies in [1.02^i, 1.02^(i+1)) µs; 1,100 buckets reach past 50 minutes. */
    private static final int BUCKETS = 1_100;
    private static final double LOG_STEP = Math.log(1.02);

    private final long startNanos;
    private final long windowNanos;
    private final Map<String, Histogram> whole = new ConcurrentHashMap<>();
    private final Map<String, Histogram> first = new ConcurrentHashMap<>();
    private final Map<String, Histogram> current = new ConcurrentHashMap<>();
    private final Map<String, Histogram> last = new ConcurrentHashMap<>();
    private final Map<String, Histogram> beforeLast = new ConcurrentHashMap<>();
    private long currentWindow;

    LatencyWindows(long startNanos, long windowNanos) {
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
    }

    /** One request of {@code kind}, sent at {@code sentNanos}, that took {@code micros}. */
    synchronized void record(String kind, long sentNanos, long micros) {
        long window = Math.max(0, (sentNanos - startNanos) / windowNanos);
        if (window != currentWindow) {
            // the window before is complete: it becomes the last one (a window with no request of a kind keeps the older one)
            rotate();
            current.clear();
            currentWindow = window;
        }
        int b = bucket(micros);
        whole.computeIfAbsent(kind, k -> new Histogram()).add(b);
        if (window == 0) first.computeIfAbsent(kind, k -> new Histogram()).add(b);
        current.computeIfAbsent(kind, k -> new Histogram()).add(b);
    }

    static int bucket(long micros) {
        return (int) Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log(Math.max(1, micros)) / LOG_STEP)));
    }

    /** The run is over: the window in progress, if it saw requests, is the last one. */
    synchronized void finish() {
        rotate();
    }

    private void rotate() {
        current.forEach((k, h) -> {
            Histogram was = last.put(k, h);
            if (was != null) beforeLast.put(k, was);
        });
        current.clear();
    }

    /** "kind=p50/p95/p99" in ms over the whole run. */
    synchronized Map<String, String> percentiles() {
        Map<String, String> out = new TreeMap<>();
        whole.forEach((k, h) -> out.put(k, String.format("%.1f/%.1f/%.1f", h.ms(0.50), h.ms(0.95), h.ms(0.99))));
        return out;
    }

    /** "kind first→last p50 a→b, p95 c→d" for every kind measured in both windows. */
    synchronized Map<String, String> firstVersusLast() {
        Map<String, String> out = new TreeMap<>();
        first.forEach((k, f) -> {
            Histogram l = last.get(k);
            if (l != null) {
                out.put(k, String.format("p50 %.1f→%.1f, p95 %.1f→%.1f", f.ms(0.50), l.ms(0.50), f.ms(0.95), l.ms(0.95)));
            }
        });
        return out;
    }

    /**
     * The kinds whose p50 or p95 in both of the last two windows exceeds {@code factor} times the
     * first window's plus {@code slackMs}; a kind missing from the first or the last window counts as
     * unstable (the run was too short to compare).
     */
    synchronized Map<String, String> unstable(double factor, double slackMs) {
        Map<String, String> out = new TreeMap<>();
        whole.keySet().forEach(k -> {
            Histogram f = first.get(k);
            Histogram l = last.get(k);
            if (f == null || l == null) {
                out.put(k, "not measured in both the first and the last window");
                return;
            }
            Histogram b = beforeLast.getOrDefault(k, l);
            for (double q : new double[] {0.50, 0.95}) {
                double bound = factor * f.ms(q) + slackMs;
                if (l.ms(q) > bound && b.ms(q) > bound) {
                    out.put(k, String.format("p%d %.1f → %.1f and %.1f ms", (int) (q * 100), f.ms(q), b.ms(q), l.ms(q)));
                }
            }
        });
        return out;
    }

    private static final class Histogram {
        final long[] counts = new long[BUCKETS];
        long total;

        void add(int bucket) {
            counts[bucket]++;
            total++;
        }

        /** The upper edge of the bucket holding quantile {@code q}, in ms. */
        double ms(double q) {
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= Math.max(1, rank)) return Math.pow(1.02, i + 1) / 1000.0;
            }
            return Math.pow(1.02, BUCKETS) / 1000.0;
        }
    }
}
