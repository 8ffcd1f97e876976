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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * end) and one without. They are loaded in turn in short slices (A B B A A B …, so that neither
 * always follows the other) until each has had {@code seconds} of load: whatever else the machine
 * does falls on both alike. Each slice is open loop at {@code rate} req/s through at most
 * {@code connections} connections ({@link OpenLoopLoad}: latency from the instant a request was due,
 * so a stall is not hidden; requests unanswered 10 s after the last was due are counted, not waited
 * for), while a writer changes one resource every {@code writeEveryMs} ms (each change makes the next
 * request a miss: entries are keyed by the tenant's input revision). Prints each slice, then per
 * server: p50/p90/p99/p99.9/max, errors, unanswered, hits/misses from {@code sources.cache}, and the
 * process CPU per request (both servers and the load generator share the process: the difference
 * between the two is the cost of the cache's round trips and copies; Redis's own CPU is not in it).
 *
 * <p>Run: {@code java -cp … io.praetor.bench.server.MetricsCacheBench [resources] [rate/s] [seconds] [slice seconds] [writeEveryMs] [store] [connections]}
 * (defaults 5000 1000 20 2 1000 memory 64; store {@code postgres} puts both servers on a database of
 * their own at 127.0.0.1:5432, created and dropped).
 */
public final class MetricsCacheBench {
    private static final String REDIS = "redis://127.0.0.1:6379";

    /** Across runs: a change must differ from every earlier one, or it changes nothing and misses nothing. */
    private static final AtomicInteger changes = new AtomicInteger();

    private MetricsCacheBench() {}

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int sliceSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int writeEveryMs = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        String store = args.length > 5 ? args[5] : "memory";
        int connections = args.length > 6 ? Integer.parseInt(args[6]) : 64;
        String prefix = "praetor-bench-" + UUID.randomUUID();
        List<String> databases = new ArrayList<>();
        Map<String, List<OpenLoopLoad.Outcome>> slices = new LinkedHashMap<>();
        try (PraetorServer local = start(env(store, Optional.empty(), prefix, databases));
             PraetorServer redis = start(env(store, Optional.of(REDIS), prefix, databases));
             ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpClient client = HttpClient.newBuilder().executor(vthreads).build();
            Map<String, PraetorServer> servers = new LinkedHashMap<>();
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
            System.out.printf("store %s; %d req/s, %d s per server in slices of %d s, at most %d connections, "
                    + "a resource changed every %d ms; load average %.1f%n", store, rate, seconds, sliceSeconds, connections,
                    writeEveryMs, OpenLoopLoad.loadAverage());
            List<String> names = new ArrayList<>(servers.keySet());
            for (int w = 0; w < 2; w++) { // warm-up, A B B A: JIT, connections, first entries; not counted
                for (String name : w == 0 ? names : names.reversed()) {
                    metricsLoad(client, servers.get(name), admin, rate, 3, writeEveryMs, connections);
                    slices.put(name, new ArrayList<>());
                }
            }
            int pairs = Math.max(1, seconds / sliceSeconds);
            for (int pair = 0; pair < pairs; pair++) {
                // A B, then B A: each server goes first as often as the other
                List<String> order = pair % 2 == 0 ? names : names.reversed();
                for (String name : order) {
                    OpenLoopLoad.Outcome o = metricsLoad(client, servers.get(name), admin, rate, sliceSeconds, writeEveryMs,
                            connections);
                    slices.get(name).add(o);
                    System.out.printf("slice %2d %-17s p50 %6.2f ms, p99 %8.2f ms, %d unanswered, %d errors, %s, %.0f µs CPU/request, load %.1f%n",
                            pair + 1, name, OpenLoopLoad.ms(o.latency(50)), OpenLoopLoad.ms(o.latency(99)), o.unanswered(),
                            o.errors(), o.classes(), o.cpuMicrosPerRequest(), o.loadAfter());
                }
            }
        } finally {
            cleanUp(prefix, databases);
        }
        System.out.println();
        System.out.printf("GET /api/v1/metrics at %d req/s, %d s per server in interleaved %d s slices, side by side:%n", rate,
                seconds, sliceSeconds);
        System.out.printf("%-17s %8s %9s %10s %6s %6s %6s %8s %8s %8s %9s %9s %16s %16s %11s%n", "cache", "offered", "answered",
                "unanswered", "errors", "hits", "misses", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
                "slice p50s med", "slice p99s med", "CPU µs/req");
        for (Map.Entry<String, List<OpenLoopLoad.Outcome>> e : slices.entrySet()) {
            OpenLoopLoad.Outcome all = OpenLoopLoad.Outcome.combine(e.getValue());
            // the median slice says what a typical stretch looked like; the pooled figures include the worst stretches
            long[] sliceP50 = e.getValue().stream().mapToLong(o -> o.latency(50)).sorted().toArray();
            long[] sliceP99 = e.getValue().stream().mapToLong(o -> o.latency(99)).sorted().toArray();
            System.out.printf("%-17s %8d %9d %10d %6d %6d %6d %8.2f %8.2f %8.2f %9.2f %9.2f %16.2f %16.2f %11.0f%n", e.getKey(),
                    all.offered(), all.answered(), all.unanswered(), all.errors(), all.classes().getOrDefault("hit", 0),
                    all.classes().getOrDefault("miss", 0), OpenLoopLoad.ms(all.latency(50)), OpenLoopLoad.ms(all.latency(90)),
                    OpenLoopLoad.ms(all.latency(99)), OpenLoopLoad.ms(all.latency(99.9)),
                    OpenLoopLoad.ms(OpenLoopLoad.max(all.latencies())), OpenLoopLoad.ms(OpenLoopLoad.pct(sliceP50, 50)),
                    OpenLoopLoad.ms(OpenLoopLoad.pct(sliceP99, 50)), all.cpuMicrosPerRequest());
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

    /** One slice: {@link OpenLoopLoad} on {@code GET /metrics} while a writer changes a resource every {@code writeEveryMs}. */
    private static OpenLoopLoad.Outcome metricsLoad(HttpClient client, PraetorServer server, Principal admin, int rate,
                                                    int seconds, int writeEveryMs, int connections) throws InterruptedException {
        String token = server.devToken("default", "bench", Set.of(Role.ADMIN), Duration.ofHours(1)).orElseThrow();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/metrics"))
                .header("Authorization", "Bearer " + token).build();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        writer.scheduleAtFixedRate(() -> {
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
        try {
            return OpenLoopLoad.run(client, request, rate, Duration.ofSeconds(seconds), connections, Duration.ofSeconds(10),
                    r -> r.body().contains("\"cache\":\"hit\"") ? "hit" : "miss");
        } finally {
            writer.shutdownNow();
        }
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
}
