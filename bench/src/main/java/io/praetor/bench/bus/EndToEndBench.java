package io.praetor.bench.bus;

import io.praetor.adapters.bus.kafka.InJvmKafka;
import com.sun.net.httpserver.HttpServer;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end through the whole server, twice (NATS JetStream, then Kafka): two in-process server
 * instances A and B on one PostgreSQL database of their own and one bus prefix, an SSE client on
 * B's {@code /api/v1/events}, and:
 * <ol>
 *   <li>(a) resource change → finding: {@code putResource} of a public bucket through A's inventory
 *       use case (a new finding each time); the time until the finding is in the finding store (A's
 *       use case returns after the in-process re-evaluation, then the harness reads it back) and until
 *       B's SSE client receives its {@code finding.opened} (the outbox published it on the bus, B's
 *       feed woke and read the store);</li>
 *   <li>(b) action state change on A → SSE client on B: {@code requestAction} on A, until B's client
 *       has {@code action.queued}; and every action transition (either instance's executor) from its
 *       {@code at} to B's client;</li>
 *   <li>(c) sustained: {@code rate} changes/s of existing resources through A for {@code seconds} (16
 *       writer threads, paced from a schedule), printing each second what was offered, written, what
 *       B's client received, the lag between the two and A's outbox backlog, then how long the lag
 *       takes to return to zero.</li>
 * </ol>
 * Latency runs from the call's start (a) or the scheduled instant (c) so a stall is not hidden.
 *
 * <p>Run (build without installing, see bench/README.md):
 * {@code java -cp … io.praetor.bench.bus.EndToEndBench [samples] [rate/s] [seconds] [nats url] [jvm|processes]}
 * (defaults 2000 5000 20 nats://127.0.0.1:4222 jvm).
 *
 * <p>{@code processes}: A and B are {@code praetor serve} child JVMs ({@link ServeChild}, this class
 * path) instead of components in this JVM, so a GC pause of one instance no longer stalls the other,
 * the harness and its SSE client together. The harness drives A over HTTP ({@code PUT
 * /api/v1/resources/{key}}, {@code GET /api/v1/findings}, {@code PUT /api/v1/policies/{id}}, {@code POST
 * /api/v1/actions}) with a dev token from {@code POST /api/v1/dev/token} (both children share the signing
 * key file). (a) and (b) as above, from the HTTP call's start; (c) is left to the in-JVM mode. The Kafka
 * broker and the actions' webhook stay in this JVM.
 */
public final class EndToEndBench {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final TenantId TENANT = TenantId.of("default");
    private static final Principal ADMIN = new Principal("bench", TENANT, Set.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER));
    private static final Pattern RESOURCE_ID = Pattern.compile("\"resource_id\":\"([^\"]+)\"");
    private static final Pattern ACTION_ID = Pattern.compile("\"action_id\":\"([^\"]+)\"");
    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final int WRITERS = 16;
    private static final int POOL = 2_000;
    private static int sustainedRuns;
    private static final int DRAIN_S = 60;

    private EndToEndBench() {}

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String nats = args.length > 3 ? args[3] : "nats://127.0.0.1:4222";
        boolean processes = args.length > 4 && switch (args[4]) {
            case "processes" -> true;
            case "jvm" -> false;
            default -> throw new IllegalArgumentException("mode must be jvm or processes, not " + args[4]);
        };
        System.out.printf("end-to-end bench: %d samples; sustained %d changes/s for %d s; %d cores; A and B %s%n", samples, rate,
                seconds, Runtime.getRuntime().availableProcessors(),
                processes ? "in child JVMs " + ServeChild.JVM_FLAGS + ", (c) not run" : "in this JVM");
        Map<String, List<String>> report = new LinkedHashMap<>();
        String natsPrefix = "praetor_e2e_" + UUID.randomUUID().toString().replace("-", "");
        try {
            report.put("nats", run("nats", Map.of("PRAETOR_BUS", "nats", "PRAETOR_NATS_URL", nats, "PRAETOR_BUS_PREFIX", natsPrefix),
                    samples, rate, seconds, processes));
        } finally {
            try (var c = io.nats.client.Nats.connect(nats)) {
                c.jetStreamManagement().deleteStream(natsPrefix);
            } catch (Exception ignored) {
                // no stream when start-up failed
            }
        }
        try (InJvmKafka kafka = new InJvmKafka()) {
            report.put("kafka", run("kafka", Map.of("PRAETOR_BUS", "kafka", "PRAETOR_KAFKA_BOOTSTRAP", kafka.bootstrap,
                    "PRAETOR_BUS_PREFIX", "praetor-e2e"), samples, rate, seconds, processes));
        }
        System.out.println();
        System.out.println("side by side:");
        List<String> nl = report.get("nats");
        List<String> kl = report.get("kafka");
        for (int i = 0; i < nl.size(); i++) {
            System.out.printf("  %-40s | nats %-42s | kafka %s%n", nl.get(i).split("=")[0], nl.get(i).split("=", 2)[1],
                    kl.get(i).split("=", 2)[1]);
        }
        System.exit(0);
    }

    private static List<String> run(String name, Map<String, String> busEnv, int samples, int rate, int seconds, boolean processes)
            throws Exception {
        String db = "praetor_e2e_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + db);
        }
        Path dir = Files.createTempDirectory("praetor-e2e");
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        webhook.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        webhook.start();
        List<String> lines = new ArrayList<>();
        if (processes) {
            try {
                return children(name, busEnv, samples, db, dir, webhook);
            } finally {
                webhook.stop(0);
                try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                    admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
            }
        }
        PraetorServer a = null;
        PraetorServer b = null;
        SseClient sse = null;
        try (ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor()) {
            a = server(dir, "a", db, busEnv, webhook);
            b = server(dir, "b", db, busEnv, webhook);
            String policy = Files.readString(repo().resolve("examples/policies/s3-no-public-acl.yaml"));
            a.praetor().policies().putPolicy(ADMIN, "s3-no-public-acl", policy);
            String token = b.devToken("default", "bench", Set.of(Role.ADMIN, Role.VIEWER), Duration.ofHours(1)).orElseThrow();
            HttpClient client = HttpClient.newBuilder().executor(vthreads).build();

            // warm-up: JIT, pools, topics
            for (int i = 0; i < 300; i++) a.praetor().inventory().putResource(ADMIN, bucket("warm-" + i, i % 2 == 0, 0));

            Probe probe = new Probe(samples);
            probe.measuring.set(true);
            // (c) sustained
            AtomicLong changesOnB = new AtomicLong();
            AtomicInteger reconnects = new AtomicInteger();
            sse = new SseClient(client, b.url() + "/api/v1/events", token, reconnects, (type, data) -> {
                long now = System.nanoTime();
                if (type.equals("resource.changed")) changesOnB.incrementAndGet();
                else probe.onEvent(type, data, now);
            });
            Thread.ofVirtual().start(sse);
            sse.connected.await(30, TimeUnit.SECONDS);
            Thread.sleep(500);

            var praetorA = a.praetor();
            List<String> findingIds = probe.changes(name, samples, id -> {
                praetorA.inventory().putResource(ADMIN, bucket(id, true, 0));
                var found = praetorA.findings().findings(ADMIN, findingsOf(id), io.praetor.ports.PageRequest.firstPage());
                return found.items().isEmpty() ? null : found.items().get(0).id();
            }, lines);

            // (b) actions requested on A (one per finding), 25/s
            probe.actions(name, findingIds, finding -> praetorA.actions().requestAction(ADMIN,
                    ActionRequest.forFinding(finding, true, "bench")).id(), lines);

            // (c) sustained changes of existing resources
            a.praetor().inventory().importSnapshot(ADMIN, partial(), ndjson(0, POOL, 0));
            Thread.sleep(1_000);
            lines.addAll(sustained(name, a, rate, seconds, changesOnB, 1));
            Thread.sleep(1_000);
            lines.addAll(sustained(name, a, rate, seconds, changesOnB, rate / 10));
            lines.add("SSE reconnects on B=" + reconnects.get());
        } finally {
            if (sse != null) sse.stop();
            if (b != null) b.close();
            if (a != null) a.close();
            webhook.stop(0);
            try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
        return lines;
    }

    /**
     * (a) and (b) with A and B as {@code praetor serve} child JVMs, driven over HTTP; the same figure
     * lines as the in-JVM mode. B's SSE client connects before the warm-up, so B's feed and socket
     * path is compiled in B's own JVM (in the in-JVM mode A's warm-up compiles much of B's code).
     */
    private static List<String> children(String name, Map<String, String> busEnv, int samples, String db, Path dir, HttpServer webhook)
            throws Exception {
        List<String> lines = new ArrayList<>();
        ServeChild a = null;
        ServeChild b = null;
        SseClient sse = null;
        try (ExecutorService vthreads = Executors.newVirtualThreadPerTaskExecutor()) {
            // one after the other: A writes the signing key file that B then reads, so a token of either is valid on both
            a = ServeChild.start("a", env(dir, "a", db, busEnv, webhook), dir);
            b = ServeChild.start("b", env(dir, "b", db, busEnv, webhook), dir);
            System.out.printf("%-5s instances: A pid %d %s, B pid %d %s (logs in %s)%n", name, a.process().pid(), a.url(),
                    b.process().pid(), b.url(), dir);
            HttpClient client = HttpClient.newBuilder().executor(vthreads).build();
            Api apiA = new Api(client, a.url(), "");
            String token = group(TOKEN, apiA.call("POST", "/api/v1/dev/token", "application/json",
                    "{\"tenant\":\"default\",\"sub\":\"bench\",\"roles\":[\"admin\",\"operator\",\"viewer\"]}", 200));
            Api onA = new Api(client, a.url(), token);
            onA.call("PUT", "/api/v1/policies/s3-no-public-acl", "application/yaml",
                    Files.readString(repo().resolve("examples/policies/s3-no-public-acl.yaml")), 200);

            Probe probe = new Probe(samples);
            AtomicInteger reconnects = new AtomicInteger();
            sse = new SseClient(client, b.url() + "/api/v1/events", token, reconnects,
                    (type, data) -> probe.onEvent(type, data, System.nanoTime()));
            Thread.ofVirtual().start(sse);
            sse.connected.await(30, TimeUnit.SECONDS);

            // warm-up: JIT of both children (B through its SSE feed), pools, topics; and the action path
            List<String> warmFindings = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                onA.call("PUT", "/api/v1/resources/" + ResourceKeys.keyOf("warm-" + i), "application/json", bucketJson("warm-" + i, i % 2 == 0), 200);
                if (i % 2 == 0 && warmFindings.size() < 50) warmFindings.add(findingOf(onA, "warm-" + i));
            }
            for (String f : warmFindings) onA.call("POST", "/api/v1/actions", "application/json", actionJson(f), 202);
            Thread.sleep(2_000);
            probe.measuring.set(true);

            // (a) change → finding, 100/s
            List<String> findingIds = probe.changes(name, samples, id -> {
                onA.call("PUT", "/api/v1/resources/" + ResourceKeys.keyOf(id), "application/json", bucketJson(id, true), 200);
                return findingOf(onA, id);
            }, lines);

            // (b) actions requested on A (one per finding, dry run), 25/s
            probe.actions(name, findingIds,
                    finding -> group(ID, onA.call("POST", "/api/v1/actions", "application/json", actionJson(finding), 202)), lines);
            lines.add("SSE reconnects on B=" + reconnects.get());
        } finally {
            if (sse != null) sse.stop();
            if (b != null) b.close();
            if (a != null) a.close();
        }
        return lines;
    }

    /**
     * What B's SSE client measures for (a) and (b), in both modes: receipt of each probe's
     * {@code finding.opened} (from the change's start), of each action's {@code action.queued}
     * (from the request's start; B may see it before A answered), and of every action event from
     * its {@code at}. Events before {@link #measuring} is set (a warm-up) are not counted.
     */
    private static final class Probe {
        final int actions;
        final AtomicBoolean measuring = new AtomicBoolean();
        final Map<String, Long> startedAt = new ConcurrentHashMap<>();
        final Map<String, Long> requestedAt = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Long> toB = new ConcurrentLinkedQueue<>();
        private final Map<String, Long> queuedAt = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Long> transitionsToB = new ConcurrentLinkedQueue<>();
        private final CountDownLatch queuedOnB;
        private final CountDownLatch openedOnB;

        /** {@code samples} changes for (a), a quarter as many actions for (b). */
        Probe(int samples) {
            this.actions = Math.max(1, samples / 4);
            this.openedOnB = new CountDownLatch(samples);
            this.queuedOnB = new CountDownLatch(actions);
        }

        void onEvent(String type, String data, long now) {
            if (type.equals("finding.opened")) {
                Long t0 = startedAt.remove(group(RESOURCE_ID, data));
                if (t0 != null) {
                    toB.add(now - t0);
                    openedOnB.countDown();
                }
            } else if (type.startsWith("action.") && measuring.get()) {
                String at = group(AT, data);
                if (at != null) transitionsToB.add(Duration.between(Instant.parse(at), Instant.now()).toNanos());
                String action = group(ACTION_ID, data);
                if (type.equals("action.queued") && action != null && queuedAt.putIfAbsent(action, now) == null) {
                    queuedOnB.countDown();
                }
            }
        }

        /** One paced step on A: given a probe or finding id, what it answers (HTTP calls throw). */
        interface Step {
            String apply(String id) throws Exception;
        }

        /**
         * (a): {@code samples} probe changes at 100/s; {@code change} stores resource {@code id} on A and
         * returns the id of its finding as A lists it, or null while there is none. Adds (a)'s two lines,
         * once B has seen every probe's finding or 30 s have passed; returns the findings' ids.
         */
        List<String> changes(String name, int samples, Step change, List<String> lines) throws Exception {
            List<Long> inStore = new ArrayList<>();
            List<String> findingIds = new ArrayList<>();
            int notVisible = 0;
            long periodNanos = 1_000_000_000L / 100;
            long start = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                sleepUntil(start + i * periodNanos);
                String id = "probe-" + i;
                long t0 = System.nanoTime();
                startedAt.put(id, t0);
                String finding = change.apply(id);
                inStore.add(System.nanoTime() - t0);
                if (finding == null) notVisible++;
                else findingIds.add(finding);
            }
            boolean allB = openedOnB.await(30, TimeUnit.SECONDS);
            lines.add(line(name, "(a) change -> finding in store (A)", inStore, notVisible == 0 ? "" : notVisible + " not visible"));
            lines.add(line(name, "(a) change -> finding.opened SSE on B", new ArrayList<>(toB),
                    allB ? "" : (samples - toB.size()) + " missing"));
            return findingIds;
        }

        /**
         * (b): one action per finding, at most {@link #actions}, at 25/s; {@code request} asks A for the
         * action and returns its id. Adds (b)'s two lines, once B has seen every action queued (or 30 s)
         * and 2 s more of transitions.
         */
        void actions(String name, List<String> findingIds, Step request, List<String> lines) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < actions && i < findingIds.size(); i++) {
                sleepUntil(start + i * 40_000_000L);
                long t0 = System.nanoTime();
                requestedAt.put(request.apply(findingIds.get(i)), t0);
            }
            boolean allQueued = queuedOnB.await(30, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            List<Long> queuedToB = new ArrayList<>();
            requestedAt.forEach((id, t0) -> {
                Long at = queuedAt.get(id);
                if (at != null) queuedToB.add(at - t0);
            });
            lines.add(line(name, "(b) requestAction on A -> action.queued on B", queuedToB,
                    allQueued ? "" : queuedOnB.getCount() + " missing"));
            lines.add(line(name, "(b) any action transition (at) -> B", new ArrayList<>(transitionsToB), ""));
        }
    }

    /** The id of the (one) finding of a resource as A lists it, or null when there is none yet. */
    private static String findingOf(Api api, String resourceId) throws Exception {
        return group(ID, api.call("GET", "/api/v1/findings?resource_id=" + resourceId, "", "", 200));
    }

    private static String bucketJson(String id, boolean pub) {
        String grants = pub ? "{\"grantee\":\"AllUsers\",\"permission\":\"Read\"}" : "";
        return "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"" + id
                + "\",\"region\":\"us-east-1\",\"account\":\"111111111111\",\"tags\":{\"rev\":\"0\"},\"source\":\"bench\","
                + "\"properties\":{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[" + grants + "]}}}}";
    }

    private static String actionJson(String findingId) {
        return "{\"finding_id\":\"" + findingId + "\",\"dry_run\":true,\"reason\":\"bench\"}";
    }

    /** One instance's HTTP API with a bearer token; a status other than the expected one fails the run. */
    private record Api(HttpClient client, String url, String token) {
        String call(String method, String path, String contentType, String body, int expected) throws Exception {
            var req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (!contentType.isEmpty()) req.header("Content-Type", contentType);
            if (!token.isEmpty()) req.header("Authorization", "Bearer " + token);
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
            return r.body();
        }
    }

    /**
     * {@code per} = 1: one {@code putResource} per change from {@value #WRITERS} threads; otherwise a
     * partial import ({@code format=praetor}, not full) of {@code per} changes every {@code per/rate} s
     * from 4 threads (an inventory source delivering its changes in batches).
     */
    private static List<String> sustained(String name, PraetorServer a, int rate, int seconds, AtomicLong changesOnB, int per)
            throws Exception {
        int total = rate * seconds / per;
        long periodNanos = 1_000_000_000L * per / rate;
        String mode = per == 1 ? "single upserts" : "imports of " + per;
        AtomicInteger next = new AtomicInteger();
        AtomicLong written = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long baseB = changesOnB.get();
        long start = System.nanoTime() + 50_000_000L;
        long stopAt = start + (seconds + 5) * 1_000_000_000L;
        List<Thread> writers = new ArrayList<>();
        int threads = per == 1 ? WRITERS : 4;
        int base = ++sustainedRuns * 1_000_000; // every run changes every resource it touches
        for (int w = 0; w < threads; w++) {
            writers.add(Thread.ofPlatform().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long scheduled = start + i * periodNanos;
                    if (System.nanoTime() > stopAt) break; // what is not written by then was offered and missed
                    sleepUntil(scheduled);
                    try {
                        if (per == 1) {
                            a.praetor().inventory().putResource(ADMIN, bucket("load-" + (i % POOL), false, base + i));
                        } else {
                            var result = a.praetor().inventory().importSnapshot(ADMIN, partial(), ndjson(i * per, per, base + i));
                            if (result.updated() + result.created() != per) errors.incrementAndGet();
                        }
                        written.addAndGet(per);
                        latencies.add(System.nanoTime() - scheduled);
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() == 1) System.out.println("first write error: " + e);
                    }
                }
            }));
        }
        System.out.printf("%-5s (c) %,d changes/s for %d s through A as %s; per second: offered, written, received on B, lag, A outbox backlog%n",
                name, rate, seconds, mode);
        long maxLag = 0;
        long drainedAfter = -1;
        long writersDoneAt = -1;
        for (int s = 1; s <= seconds + DRAIN_S; s++) {
            sleepUntil(start + s * 1_000_000_000L);
            long offered = Math.min((long) total * per, (long) rate * s);
            long w = written.get();
            long onB = changesOnB.get() - baseB;
            long lag = w - onB;
            maxLag = Math.max(maxLag, lag);
            var backlog = a.praetor().outboxBacklog(100_000);
            System.out.printf("%-5s   t=%3ds offered %,7d written %,7d on B %,7d lag %,6d outbox %,6d (oldest %d ms)%n", name, s, offered,
                    w, onB, lag, backlog.events(), backlog.oldest().toMillis());
            boolean writersDone = writers.stream().noneMatch(Thread::isAlive);
            if (writersDone && writersDoneAt < 0) writersDoneAt = s;
            if (writersDone && lag <= 0) {
                drainedAfter = s;
                break;
            }
        }
        for (Thread t : writers) t.join();
        double writeSeconds = (writersDoneAt < 0 ? seconds + DRAIN_S : writersDoneAt);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("(c) %s: achieved write rate=%,.0f/s (%,d written, %d errors)", mode, written.get() / writeSeconds,
                written.get(), errors.get()));
        lines.add(String.format("(c) %s: write latency from schedule=p50 %.1f ms p99 %.1f ms", mode, ms(pct(sorted, 50)), ms(pct(sorted, 99))));
        lines.add(String.format("(c) %s: max lag; back to zero=%,d; %s", mode, maxLag,
                drainedAfter < 0 ? "NOT within " + (seconds + DRAIN_S) + " s" : "at t=" + drainedAfter + " s (writers done t=" + writersDoneAt + " s)"));
        for (String l : lines) System.out.printf("%-5s %s%n", name, l);
        return lines;
    }

    private static io.praetor.ports.usecase.SnapshotImport partial() {
        return new io.praetor.ports.usecase.SnapshotImport("praetor", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /** {@code count} private buckets load-(from mod POOL)… in Praetor's NDJSON format, tagged {@code rev}. */
    private static java.io.InputStream ndjson(int from, int count, int rev) {
        StringBuilder out = new StringBuilder(count * 200);
        for (int k = 0; k < count; k++) {
            int n = (from + k) % POOL;
            out.append("{\"id\":\"load-").append(n).append("\",\"type\":\"aws.s3.bucket\",\"name\":\"load-").append(n)
                    .append("\",\"region\":\"us-east-1\",\"account\":\"111111111111\",\"tags\":{\"rev\":\"").append(rev)
                    .append("\"},\"properties\":{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[]}}}}\n");
        }
        return new java.io.ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static PraetorServer server(Path dir, String instance, String db, Map<String, String> busEnv, HttpServer webhook) {
        return ServerComponent.create(ConfigLoader.load(env(dir, instance, db, busEnv, webhook), Optional.empty()), InstantSource.system())
                .server().start();
    }

    private static Map<String, String> env(Path dir, String instance, String db, Map<String, String> busEnv, HttpServer webhook) {
        Map<String, String> env = new HashMap<>(busEnv);
        env.put("PRAETOR_PORT", "0");
        env.put("PRAETOR_DATA_DIR", dir.resolve(instance).toString());
        env.put("PRAETOR_SIGNING_KEY_FILE", dir.resolve("signing-key.jwk").toString());
        env.put("PRAETOR_STORE", "postgres");
        env.put("PRAETOR_PG_URL", PG + db);
        env.put("PRAETOR_PG_USER", "postgres");
        env.put("PRAETOR_PG_APP_ROLE", "praetor_app_bench");
        env.put("PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:" + webhook.getAddress().getPort() + "/" + instance);
        env.put("PRAETOR_RATE_LIMIT", "off");
        return env;
    }

    private static io.praetor.ports.finding.FindingQuery findingsOf(String resourceId) {
        var all = io.praetor.ports.finding.FindingQuery.all();
        return new io.praetor.ports.finding.FindingQuery(all.status(), all.severity(), all.policyId(), Optional.of(resourceId),
                all.resourceType(), all.account(), all.framework(), all.tags(), all.sort());
    }

    private static Resource bucket(String id, boolean pub, int rev) {
        List<Object> grants = pub ? List.of(Map.of("grantee", "AllUsers", "permission", "Read")) : List.of();
        return Resource.of(id, "aws.s3.bucket", id, "us-east-1", "111111111111", Map.of("rev", Integer.toString(rev)),
                Map.of("supplementaryConfiguration", Map.of("AccessControlList", Map.of("grantList", grants))), "bench",
                InstantSource.system().instant());
    }

    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/policies"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("run from inside the repository (examples/policies not found)");
        return p;
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    private static String line(String bus, String what, List<Long> nanos, String note) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        String figures = String.format("n %d p50 %.1f ms p99 %.1f ms max %.1f ms%s", sorted.length, ms(pct(sorted, 50)),
                ms(pct(sorted, 99)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), note.isEmpty() ? "" : " (" + note + ")");
        System.out.printf("%-5s %-45s %s%n", bus, what, figures);
        return what + "=" + figures;
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** One {@code /events} stream that resumes with Last-Event-ID when the server drops it. */
    private static final class SseClient implements Runnable {
        private final HttpClient client;
        private final String url;
        private final String token;
        private final AtomicInteger reconnects;
        private final BiConsumer<String, String> onEvent;
        final CountDownLatch connected = new CountDownLatch(1);
        private volatile boolean stopped;
        private volatile InputStream body;
        private long last = -1;

        SseClient(HttpClient client, String url, String token, AtomicInteger reconnects, BiConsumer<String, String> onEvent) {
            this.client = client;
            this.url = url;
            this.token = token;
            this.reconnects = reconnects;
            this.onEvent = onEvent;
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    var req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream");
                    if (last >= 0) req.header("Last-Event-ID", Long.toString(last));
                    HttpResponse<InputStream> r = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                    body = r.body();
                    connected.countDown();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        String line;
                        String event = "";
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("id:")) last = Long.parseLong(line.substring(3).trim());
                            else if (line.startsWith("event:")) event = line.substring(6).trim();
                            else if (line.startsWith("data:")) onEvent.accept(event, line.substring(5));
                        }
                    }
                } catch (Exception e) {
                    if (!stopped) System.out.println("SSE client: " + e);
                }
                if (stopped) return;
                reconnects.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws Exception {
            stopped = true;
            InputStream in = body;
            if (in != null) in.close();
        }
    }
}
