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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Loopback load on the embedded server, bounded in count and time: start-up; {@code GET /metrics}
 * at a fixed arrival rate (latency measured from the scheduled send time, so a stall is not hidden);
 * state change → SSE client latency with many {@code /events} clients; RSS.
 *
 * <p>Run: {@code java -cp … io.praetor.bench.server.ServerLoadBench [resources] [rate/s] [seconds] [sse clients] [replay|live] [connections]}
 * (defaults 10000 1000 20 200 replay 64). The metrics load goes through at most {@code connections}
 * connections at once ({@link OpenLoopLoad}): requests the server cannot take on time wait for a
 * connection, which counts in their latency, and those still unanswered 10 s after the last was due
 * are reported. {@code replay}: the SSE clients connect without Last-Event-ID and
 * so replay the tenant's whole log before the probes; {@code live}: they resume from the current end
 * of the log (Last-Event-ID), as a reconnecting client does, so only the live fan-out is timed.
 */
public final class ServerLoadBench {
    private ServerLoadBench() {}

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int sseClients = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        boolean live = args.length > 4 && args[4].equals("live");
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        Path data = Files.createTempDirectory("praetor-bench");
        Map<String, String> env = Map.of("PRAETOR_PORT", "0", "PRAETOR_DATA_DIR", data.toString(), "PRAETOR_RATE_LIMIT", "off");

        long t0 = System.nanoTime();
        long cpu0 = OpenLoopLoad.processCpuNanos();
        System.out.printf("load average %.1f at start%n", OpenLoopLoad.loadAverage());
        try (PraetorServer server = ServerComponent.create(ConfigLoader.load(env, Optional.empty()), InstantSource.system())
                .server().start()) {
            System.out.printf("start-up (component + HTTP listening): %d ms wall, %d ms process CPU (JVM start not included)%n",
                    (System.nanoTime() - t0) / 1_000_000, (OpenLoopLoad.processCpuNanos() - cpu0) / 1_000_000);
            Principal admin = new Principal("bench", TenantId.of("default"), Set.of(Role.ADMIN));
            long s0 = System.nanoTime();
            List<Policy> policies = DecideWorkload.policies();
            for (Policy p : policies) server.praetor().policies().putPolicy(admin, p.id(), p.sourceYaml());
            for (Resource r : DecideWorkload.resources(resources, 42)) server.praetor().inventory().putResource(admin, r);
            System.out.printf("seeded %d policies and %d resources through the facade in %d ms%n", policies.size(), resources,
                    (System.nanoTime() - s0) / 1_000_000);
            String token = server.devToken("default", "bench", Set.of(Role.ADMIN), Duration.ofHours(1)).orElseThrow();

            try (ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor()) {
                HttpClient client = HttpClient.newBuilder().executor(vthreads).build();
                HttpRequest metrics = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/metrics"))
                        .header("Authorization", "Bearer " + token).build();
                for (int i = 0; i < 200; i++) client.send(metrics, HttpResponse.BodyHandlers.discarding());
                // a short run at the same rate first: JIT and connections, not measured
                OpenLoopLoad.run(client, metrics, rate, Duration.ofSeconds(3), connections, Duration.ofSeconds(10), r -> "ok");
                OpenLoopLoad.Outcome o = OpenLoopLoad.run(client, metrics, rate, Duration.ofSeconds(seconds), connections,
                        Duration.ofSeconds(10), r -> r.body().contains("\"cache\":\"hit\"") ? "hit" : "miss");
                System.out.printf("GET /api/v1/metrics at %d req/s for %d s through at most %d connections: %s%n", rate, seconds,
                        connections, o.summary());
                System.out.printf("RSS after the metrics load: %d MB%n", rssKb() / 1024);
                sseLatency(server, client, token, admin, sseClients, live);
                System.out.printf("RSS with %d SSE clients: %d MB%n", sseClients, rssKb() / 1024);
            }
        }
        System.exit(0);
    }

    /** {@code clients} SSE streams on /events; each of 50 resource changes is timed from the write to each client's receipt. */
    private static void sseLatency(PraetorServer server, HttpClient client, String token, Principal admin, int clients,
                                   boolean live) throws Exception {
        String lastEventId = live ? Long.toString(endOfLog(server, client, token, admin)) : "";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        int changes = 50;
        CountDownLatch received = new CountDownLatch(clients * changes);
        CountDownLatch connected = new CountDownLatch(clients);
        List<Thread> readers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/events"))
                            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
                    if (!lastEventId.isEmpty()) b.header("Last-Event-ID", lastEventId);
                    HttpRequest events = b.build();
                    HttpResponse<java.io.InputStream> response = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
                    connected.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        String event = "";
                        Set<String> seen = new java.util.HashSet<>();
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("event:")) {
                                event = line.substring(6).trim();
                                continue;
                            }
                            int at = line.indexOf("sse-probe-");
                            if (line.startsWith("data:") && at >= 0 && event.equals("resource.changed")) {
                                String id = line.substring(at, line.indexOf('"', at));
                                Long sent = sentAt.get(id);
                                if (sent != null && seen.add(id)) {
                                    latencies.add(System.nanoTime() - sent);
                                    received.countDown();
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    // the readers are interrupted when the measurement ends; only an earlier failure is news
                    if (received.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                        System.out.println("SSE client stopped early: " + e);
                    }
                }
            }));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) System.out.println("not every SSE client connected");
        Thread.sleep(500);
        for (int i = 0; i < changes; i++) {
            String id = "sse-probe-" + i;
            Resource r = Resource.of(id, "aws.s3.bucket", id, "us-east-1", "111111111111", Map.of(), Map.of(), "praetor",
                    InstantSource.system().instant());
            sentAt.put(id, System.nanoTime());
            server.praetor().inventory().putResource(admin, r);
            Thread.sleep(20);
        }
        boolean all = received.await(60, TimeUnit.SECONDS);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("state change -> SSE client, %d clients x %d changes: %d deliveries%s; p50 %.2f ms, p99 %.2f ms, max %.2f ms; load average %.1f%n",
                clients, changes, sorted.length, all ? "" : " (some missing)", ms(pct(sorted, 50)), ms(pct(sorted, 99)),
                ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), OpenLoopLoad.loadAverage());
        readers.forEach(Thread::interrupt);
    }

    /** The seq of a marker event written now: one stream reads up to it (the clients then start after it). */
    private static long endOfLog(PraetorServer server, HttpClient client, String token, Principal admin) throws Exception {
        Resource marker = Resource.of("sse-marker", "aws.s3.bucket", "sse-marker", "us-east-1", "111111111111", Map.of(),
                Map.of(), "praetor", InstantSource.system().instant());
        server.praetor().inventory().putResource(admin, marker);
        HttpRequest events = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            long id = -1;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                if (line.startsWith("data:") && line.contains("\"sse-marker\"")) return id;
            }
        }
        throw new IllegalStateException("the event stream ended before the marker");
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
