package io.praetor.bench.server;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Load at a fixed arrival rate through a bounded number of connections: request {@code i} is due at
 * {@code start + i / rate}; {@code connections} senders each take the next due request, wait for its
 * instant and send it. When the server keeps up, every request leaves on time; when it does not, the
 * senders fall behind and the wait shows in the latency, which is always measured from the instant
 * the request was due (not from when it could be sent: no coordinated omission). The server never
 * sees more than {@code connections} requests at once, so an overloaded server is reported (requests
 * unanswered by the end of the grace period) instead of drowning in connections.
 *
 * <p>Also takes the process CPU time and the load average around the run: the load generator shares
 * the process and the machine, so compare CPU per request between runs of the same harness.
 */
final class OpenLoopLoad {
    private OpenLoopLoad() {}

    /**
     * {@code latencies}: from due to answered, of the answered requests, sorted; {@code serviceTimes}: from
     * sent to answered; {@code unanswered}: due but not answered by the end of the grace period (never
     * sent, or no response in time); {@code classes}: answered requests by what {@code classify} said.
     */
    record Outcome(int offered, int answered, int errors, int unanswered, long[] latencies, long[] serviceTimes,
                   long wallNanos, long cpuNanos, double loadBefore, double loadAfter, Map<String, Integer> classes) {

        static Outcome combine(List<Outcome> parts) {
            int offered = 0, answered = 0, errors = 0, unanswered = 0;
            long wall = 0, cpu = 0;
            List<long[]> lat = new ArrayList<>();
            List<long[]> svc = new ArrayList<>();
            Map<String, Integer> classes = new TreeMap<>();
            for (Outcome o : parts) {
                offered += o.offered;
                answered += o.answered;
                errors += o.errors;
                unanswered += o.unanswered;
                wall += o.wallNanos;
                cpu += o.cpuNanos;
                lat.add(o.latencies);
                svc.add(o.serviceTimes);
                o.classes.forEach((k, v) -> classes.merge(k, v, Integer::sum));
            }
            return new Outcome(offered, answered, errors, unanswered, concatSorted(lat), concatSorted(svc), wall, cpu,
                    parts.getFirst().loadBefore, parts.getLast().loadAfter, classes);
        }

        /**
         * Process CPU per request answered in time, in microseconds (server and load generator together).
         * When many are unanswered it overstates: the server also spent CPU on requests the client gave up on.
         */
        double cpuMicrosPerRequest() {
            int done = answered + errors;
            return done == 0 ? 0 : cpuNanos / 1_000.0 / done;
        }

        long latency(double percentile) {
            return pct(latencies, percentile);
        }

        String summary() {
            return String.format("%,d offered, %,d answered, %d errors, %d unanswered; latency from due p50 %.2f ms, "
                            + "p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; service time p50 %.2f ms, p99 %.2f ms; "
                            + "process CPU %.0f µs/answered request (%.2f cores); load average %.1f → %.1f%s",
                    offered, answered, errors, unanswered, ms(pct(latencies, 50)), ms(pct(latencies, 90)),
                    ms(pct(latencies, 99)), ms(pct(latencies, 99.9)), ms(max(latencies)), ms(pct(serviceTimes, 50)),
                    ms(pct(serviceTimes, 99)), cpuMicrosPerRequest(), wallNanos == 0 ? 0 : (double) cpuNanos / wallNanos,
                    loadBefore, loadAfter, classes.isEmpty() ? "" : "; " + classes);
        }
    }

    /**
     * Sends {@code request} {@code rate} times a second for {@code duration} through at most
     * {@code connections} at once, waiting at most {@code grace} after the last is due.
     */
    static Outcome run(HttpClient client, HttpRequest request, int rate, Duration duration, int connections,
                       Duration grace, Function<HttpResponse<String>, String> classify) throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long period = 1_000_000_000L / rate;
        long[] latencies = new long[total];
        long[] serviceTimes = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> classes = new ConcurrentHashMap<>();
        double loadBefore = loadAverage();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime() + 20_000_000;
        long deadline = start + duration.toNanos() + grace.toNanos();
        HttpRequest timed = HttpRequest.newBuilder(request, (n, v) -> true).timeout(grace).build();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            senders.add(Thread.ofVirtual().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * period;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                    long sent = System.nanoTime();
                    if (sent >= deadline) return; // too late to be answered in time: counted as unanswered
                    try {
                        HttpResponse<String> r = client.send(timed, HttpResponse.BodyHandlers.ofString());
                        long answered = System.nanoTime();
                        if (answered > deadline) continue;
                        latencies[i] = answered - due;
                        serviceTimes[i] = answered - sent;
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            classes.merge(classify.apply(r), 1, Integer::sum);
                        }
                    } catch (HttpTimeoutException e) {
                        // unanswered within the grace period
                    } catch (java.io.IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : senders) t.join();
        long wall = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuBefore;
        List<Long> answered = new ArrayList<>();
        List<Long> service = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (latencies[i] >= 0) {
                answered.add(latencies[i]);
                service.add(serviceTimes[i]);
            }
        }
        int okCount = classes.values().stream().mapToInt(Integer::intValue).sum();
        long[] lat = answered.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] svc = service.stream().mapToLong(Long::longValue).sorted().toArray();
        int unanswered = Math.max(0, total - okCount - errors.get());
        return new Outcome(total, okCount, errors.get(), unanswered, lat, svc, wall, cpu, loadBefore, loadAverage(),
                new TreeMap<>(classes));
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long[] concatSorted(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }
}
