package io.praetor.bench.server;

import io.praetor.bench.decide.DecideWorkload;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * {@code GET /metrics} with the Redis cache vs the in-process cache, side by side in one run (issue 12):
 * two embedded servers in this JVM with the same seed (policies, resources and their findings), one
 * with {@code PRAETOR_REDIS_URL} (the Redis at 127.0.0.1:6379, a key prefix of its own, deleted at the
 * end) and one without. Each is loaded in turn, alternating, {@code rounds} times: open loop at
 * {@code rate} req/s for {@code seconds} (latency from the scheduled send, so a stall is not hidden),
 * while a writer changes one resource every {@code writeEveryMs} ms (each change makes the next
 * request a miss: entries are keyed by the tenant's input revision). Prints p50/p90/p99/p99.9/max,
 * errors, hits/misses from {@code sources.cache} and the requests still unanswered 15 s after the last
 * was due (an overloaded server), then a side-by-side table.
 *
 * <p>Run: {@code java -cp … io.praetor.bench.server.MetricsCacheBench [resources] [rate/s] [seconds] [rounds] [writeEveryMs] [store]}
 * (defaults 5000 1000 20 2 1000 memory; store {@code postgres} puts both servers on a database of
 * their own at 127.0.0.1:5432, created and dropped).
 */
public final class MetricsCacheBench {
    private static final String REDIS = "redis://127.0.0.1:6379";

    /** Across runs: a change must differ from every earlier one, or it changes nothing and misses nothing. */
    private static final AtomicInteger changes = new AtomicInteger();

    private MetricsCacheBench() {}

    /** {@code sorted}: latencies of the requests that finished; {@code unfinished}: still waiting at the end. */
    private record Result(String server, int round, int requests, int errors, int hits, int misses, int unfinished,
                          long[] sorted) {}

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int writeEveryMs = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        String store = args.length > 5 ? args[5] : "memory";
        String prefix = "praetor-bench-" + UUID.randomUUID();
        List<String> databases = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        try (PraetorServer local = start(env(store, Optional.empty(), prefix, databases));
             PraetorServer redis = start(env(store, Optional.of(REDIS), prefix, databases));
             ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = HttpClient.newBuilder().executor(vthreads).build();
            Map<String, PraetorServer> servers = new java.util.LinkedHashMap<>();
            servers.put("in-process cache", local);
            servers.put("Redis cache", redis);
            Principal admin = new Principal("bench", TenantId.of("default"), Set.of(Role.ADMIN));
            List<Policy> policies = DecideWorkload.policies();
            List<Resource> seed = DecideWorkload.resources(resources, 42);
            for (PraetorServer s : servers.values()) {
                long t0 = System.nanoTime();
                for (Policy p : policies) s.praetor().policies().putPolicy(admin, p.id(), p.sourceYaml());
                for (Resource r : seed) s.praetor().inventory().putResource(admin, r);
                System.out.printf("seeded %d policies and %,d resources in %,d ms%n", policies.size(), resources,
                        (System.nanoTime() - t0) / 1_000_000);
            }
            System.out.printf("store %s, %s; %d req/s for %d s each, a resource changed every %d ms%n", store,
                    machine(), rate, seconds, writeEveryMs);
            for (Map.Entry<String, PraetorServer> s : servers.entrySet()) { // warm-up: JIT, connections, first entries
                metricsLoad(client, s.getValue(), admin, s.getKey(), 0, rate, 3, writeEveryMs);
            }
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, PraetorServer> s : servers.entrySet()) {
                    Result r = metricsLoad(client, s.getValue(), admin, s.getKey(), round, rate, seconds, writeEveryMs);
                    results.add(r);
                    System.out.println(line(r) + "; " + machine());
                }
            }
        } finally {
            cleanUp(prefix, databases);
        }
        System.out.println();
        System.out.printf("GET /api/v1/metrics at %d req/s, %d s per run, side by side:%n", rate, seconds);
        System.out.printf("%-18s %5s %9s %10s %7s %7s %9s %9s %9s %9s %9s%n", "cache", "round", "requests",
                "unfinished", "errors", "misses", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        for (Result r : results) {
            System.out.printf("%-18s %5d %9d %10d %7d %7d %9.2f %9.2f %9.2f %9.2f %9.2f%n", r.server, r.round, r.requests,
                    r.unfinished, r.errors, r.misses, ms(pct(r.sorted, 50)), ms(pct(r.sorted, 90)), ms(pct(r.sorted, 99)),
                    ms(pct(r.sorted, 99.9)), ms(r.sorted[r.sorted.length - 1]));
        }
        System.exit(0);
    }

    private static Map<String, String> env(String store, Optional<String> redis, String prefix, List<String> databases)
            throws Exception {
        Path data = Files.createTempDirectory("praetor-cache-bench");
        Map<String, String> env = new HashMap<>(Map.of("PRAETOR_PORT", "0", "PRAETOR_DATA_DIR", data.toString(),
                "PRAETOR_RATE_LIMIT", "off"));
        redis.ifPresent(url -> {
            env.put("PRAETOR_REDIS_URL", url);
            env.put("PRAETOR_REDIS_PREFIX", prefix);
        });
        if (store.equals("postgres")) {
            String db = "praetor_bench_" + UUID.randomUUID().toString().replace("-", "");
            try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                admin.createStatement().execute("CREATE DATABASE " + db);
            }
            databases.add(db);
            env.put("PRAETOR_STORE", "postgres");
            env.put("PRAETOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
            env.put("PRAETOR_PG_USER", "postgres");
            env.put("PRAETOR_PG_APP_ROLE", "praetor_app_bench");
        } else if (!store.equals("memory")) {
            throw new IllegalArgumentException("store must be memory or postgres, not " + store);
        }
        return env;
    }

    private static PraetorServer start(Map<String, String> env) {
        return ServerComponent.create(ConfigLoader.load(env, Optional.empty()), InstantSource.system()).server().start();
    }

    /** Open loop: one request every 1/rate s; latency from the scheduled instant; a writer changes a resource meanwhile. */
    private static Result metricsLoad(HttpClient client, PraetorServer server, Principal admin, String name, int round,
                                      int rate, int seconds, int writeEveryMs) throws InterruptedException {
        String token = server.devToken("default", "bench", Set.of(Role.ADMIN), Duration.ofHours(1)).orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/metrics"))
                .header("Authorization", "Bearer " + token).build();
        int total = rate * seconds;
        long[] latencies = new long[total];
        Arrays.fill(latencies, -1);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger misses = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000;
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            String id = "cache-probe-" + (changes.getAndIncrement() % 50);
            try {
                server.praetor().inventory().putResource(admin, Resource.of(id, "aws.s3.bucket", id, "us-east-1",
                        "111111111111", Map.of("change", Integer.toString(changes.get())), Map.of(), "praetor",
                        InstantSource.system().instant()));
            } catch (RuntimeException e) {
                // a task that throws is never run again: say so and keep writing
                System.out.println("resource change failed: " + e);
            }
        }, writeEveryMs, writeEveryMs, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            int i;
            while ((i = next.get()) < total && start + i * periodNanos <= now && next.compareAndSet(i, i + 1)) {
                long scheduled = start + i * periodNanos;
                int index = i;
                client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    synchronized (latencies) {
                        latencies[index] = System.nanoTime() - scheduled;
                    }
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else if (r.body().contains("\"cache\":\"hit\"")) {
                        hits.incrementAndGet();
                    } else {
                        misses.incrementAndGet();
                    }
                    done.countDown();
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        // an overloaded server is reported as such (unfinished), not waited for without bound
        done.await(seconds + 15L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        long[] sorted;
        synchronized (latencies) {
            sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        }
        if (sorted.length == 0) sorted = new long[] {0};
        return new Result(name, round, total, errors.get(), hits.get(), misses.get(), (int) done.getCount(), sorted);
    }

    private static String line(Result r) {
        return String.format("%s, round %d: %d requests, %d unfinished 15 s after the last was due, %d errors, %d hits, "
                        + "%d misses; of the finished: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                r.server, r.round, r.requests, r.unfinished, r.errors, r.hits, r.misses, ms(pct(r.sorted, 50)), ms(pct(r.sorted, 90)), ms(pct(r.sorted, 99)), ms(pct(r.sorted, 99.9)),
                ms(r.sorted[r.sorted.length - 1]));
    }

    private static void cleanUp(String prefix, List<String> databases) {
        Config config = new Config();
        config.useSingleServer().setAddress(REDIS);
        RedissonClient client = Redisson.create(config);
        try {
            long deleted = client.getKeys().deleteByPattern(prefix + "*");
            System.out.printf("deleted %d Redis keys under %s%n", deleted, prefix);
        } finally {
            client.shutdown();
        }
        for (String db : databases) {
            try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } catch (java.sql.SQLException e) {
                System.out.println("could not drop " + db + ": " + e.getMessage());
            }
        }
    }

    private static String machine() {
        return String.format("load average %.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
