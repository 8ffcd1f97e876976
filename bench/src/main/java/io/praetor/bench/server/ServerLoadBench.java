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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Loopback load on the embedded server, bounded in count and time: start-up; {@code GET /metrics}
 * at a fixed arrival rate (latency measured from the scheduled send time, so a stall is not hidden);
 * state change → SSE client latency with many {@code /events} clients; RSS.
 *
 * <p>Run: {@code java -cp … io.praetor.bench.server.ServerLoadBench [resources] [rate/s] [seconds] [sse clients] [replay|live] [connections] [selector|jdk]}
 * (defaults 10000 1000 20 200 replay 64 selector). The metrics load goes through at most {@code connections}
 * connections at once ({@link OpenLoopLoad}): requests the server cannot take on time wait for a
 * connection, which counts in their latency, and those still unanswered 10 s after the last was due
 * are reported. {@code replay}: the SSE clients connect without Last-Event-ID and
 * so replay the tenant's whole log before the probes; {@code live}: they resume from the current end
 * of the log (Last-Event-ID), as a reconnecting client does, so only the live fan-out is timed.
 */
public final class ServerLoadBench {
    /** Resource changes per SSE round. */
    private static final int CHANGES = 50;
    private static final String PROBE = "sse-probe-";

    private ServerLoadBench() {}

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int sseClients = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        boolean live = args.length > 4 && args[4].equals("live");
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        boolean selectorClient = args.length <= 6 || !args[6].equals("jdk");
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
                sseLatency(server, client, token, admin, sseClients, live, selectorClient);
                System.out.printf("RSS with %d SSE clients: %d MB%n", sseClients, rssKb() / 1024);
            }
        }
        System.exit(0);
    }

    /**
     * {@code clients} SSE streams on /events; each resource change is timed from just before the
     * {@code putResource} call to each client's receipt of its {@code resource.changed} frame (both
     * {@code System.nanoTime()} of this JVM). Two rounds of {@value #CHANGES} changes, 20 ms apart,
     * on the same streams: the first runs the SSE path cold (the metrics load before it warmed up
     * other code; here the JIT compiles the fan-out while it is timed), the second warm. {@code
     * selector}: one platform thread reads every stream ({@link SelectorSseClients}); {@code jdk}:
     * the JDK HttpClient with a virtual thread per stream reading lines, as before 2026-11-26 (kept
     * to compare what the measuring side costs).
     */
    private static void sseLatency(PraetorServer server, HttpClient client, String token, Principal admin, int clients,
                                   boolean live, boolean selectorClient) throws Exception {
        String lastEventId = live ? Long.toString(endOfLog(server, client, token, admin)) : "";
        int rounds = 2;
        AtomicLongArray sentAt = new AtomicLongArray(rounds * CHANGES);
        long[][] receivedAt = new long[rounds * CHANGES][clients];
        CountDownLatch[] received = {new CountDownLatch(clients * CHANGES), new CountDownLatch(clients * CHANGES)};
        SelectorSseClients.Listener onEvent = (stream, id, type, data, now) -> {
            int at = data.indexOf(PROBE);
            if (at < 0 || !type.equals("resource.changed")) return;
            int end = at + PROBE.length();
            while (end < data.length() && Character.isDigit(data.charAt(end))) end++;
            int probe = Integer.parseInt(data.substring(at + PROBE.length(), end));
            if (probe < rounds * CHANGES && sentAt.get(probe) != 0 && receivedAt[probe][stream] == 0) {
                receivedAt[probe][stream] = now;
                received[probe / CHANGES].countDown();
            }
        };
        try (AutoCloseable readers = selectorClient ? selectorClients(server, token, lastEventId, clients, onEvent)
                : jdkClients(server, client, token, lastEventId, clients, onEvent)) {
            Thread.sleep(500);
            for (int round = 0; round < rounds; round++) {
                long cpu0 = OpenLoopLoad.processCpuNanos();
                Map<String, Long> threads0 = ThreadCpu.byName();
                for (int i = round * CHANGES; i < (round + 1) * CHANGES; i++) {
                    String id = PROBE + i;
                    Resource r = Resource.of(id, "aws.s3.bucket", id, "us-east-1", "111111111111", Map.of(), Map.of(), "praetor",
                            InstantSource.system().instant());
                    sentAt.set(i, System.nanoTime());
                    server.praetor().inventory().putResource(admin, r);
                    Thread.sleep(20);
                }
                boolean all = received[round].await(60, TimeUnit.SECONDS);
                long cpu = OpenLoopLoad.processCpuNanos() - cpu0;
                String threads = ThreadCpu.top(threads0, ThreadCpu.byName(), 6);
                List<Long> latencies = new ArrayList<>();
                long[] lastPerChange = new long[CHANGES];
                for (int i = round * CHANGES; i < (round + 1) * CHANGES; i++) {
                    for (long t : receivedAt[i]) {
                        if (t == 0) continue;
                        latencies.add(t - sentAt.get(i));
                        lastPerChange[i - round * CHANGES] = Math.max(lastPerChange[i - round * CHANGES], t - sentAt.get(i));
                    }
                }
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                Arrays.sort(lastPerChange);
                System.out.printf("state change -> SSE client (%s client, %s round), %d clients x %d changes: %d deliveries%s;"
                                + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; the last client of a change: median %.2f ms,"
                                + " worst %.2f ms; process CPU %.1f ms per change (%s); load average %.1f%n",
                        selectorClient ? "selector" : "jdk", round == 0 ? "cold" : "warm", clients, CHANGES, sorted.length,
                        all ? "" : " (some missing)", ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)),
                        ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), ms(pct(lastPerChange, 50)),
                        ms(lastPerChange[CHANGES - 1]), ms(cpu) / CHANGES, threads, OpenLoopLoad.loadAverage());
            }
        }
    }

    private static AutoCloseable selectorClients(PraetorServer server, String token, String lastEventId, int clients,
                                                 SelectorSseClients.Listener onEvent) throws Exception {
        List<String> headers = new ArrayList<>(List.of("Authorization: Bearer " + token, "Accept: text/event-stream"));
        if (!lastEventId.isEmpty()) headers.add("Last-Event-ID: " + lastEventId);
        SelectorSseClients streams = new SelectorSseClients(URI.create(server.url()), "/api/v1/events", headers, clients, onEvent);
        if (!streams.awaitOpened(60)) System.out.println("not every SSE client connected");
        return () -> {
            if (!streams.failure().isEmpty()) System.out.println("SSE client stopped early: " + streams.failure());
            streams.close();
        };
    }

    private static AutoCloseable jdkClients(PraetorServer server, HttpClient client, String token, String lastEventId,
                                            int clients, SelectorSseClients.Listener onEvent) throws Exception {
        CountDownLatch connected = new CountDownLatch(clients);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int stream = c;
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/events"))
                            .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
                    if (!lastEventId.isEmpty()) b.header("Last-Event-ID", lastEventId);
                    HttpResponse<java.io.InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                    connected.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        String line;
                        String event = "";
                        long id = -1;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                            else if (line.startsWith("event:")) event = line.substring(6).trim();
                            else if (line.startsWith("data:")) onEvent.event(stream, id, event, line.substring(5), System.nanoTime());
                        }
                    }
                } catch (Exception e) {
                    // the readers are interrupted when the measurement ends; only an earlier failure is news
                    if (!done.get()) System.out.println("SSE client stopped early: " + e);
                }
            }));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) System.out.println("not every SSE client connected");
        return () -> {
            done.set(true);
            readers.forEach(Thread::interrupt);
        };
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
