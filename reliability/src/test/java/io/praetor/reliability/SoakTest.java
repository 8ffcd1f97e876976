package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A steady mixed load on the wired server over the PostgreSQL store (the production store; a
 * database of its own, dropped afterwards): readers (resources, findings, metrics, actions),
 * importers (NDJSON upserts), actors (create, approve, run a webhook action each) and SSE clients
 * on the tenant stream. Nothing may fail, every action completes with exactly one webhook
 * delivery, every stream's ids are contiguous, and at the end, against the warmed-up state:
 *
 * <ul>
 *   <li>live heap after a full GC (the class histogram's total) grows by no more than what the
 *       server keeps per stored item by design (the ledger's cached Merkle tree, ADR 0034) and the
 *       test's own per-action records, plus a fixed slack; the top growing classes are reported;</li>
 *   <li>live threads grow by a bounded few (pools that size to the load), not with the requests;</li>
 *   <li>latency p50 and p95 per kind of request in one of the last two windows are within a
 *       generous factor of the first window's.</li>
 * </ul>
 *
 * On the in-memory store, which keeps every event the load makes in the heap, the criterion could
 * not tell retained data from a leak (ADR 0034). The CI form runs 2 minutes; the full form 30
 * ({@code -Dreliability.soak.minutes} sets another length).
 */
@Order(10)
class SoakTest {
    /** What the ledger service keeps per entry (MerkleTree: about 64 bytes), doubled for the tree's arrays growing by halves. */
    static final long LEDGER_BYTES_PER_ENTRY = 128;
    /** The test's own records per action (its id in the list, the webhook sink's count): about 250 bytes. */
    static final long TEST_BYTES_PER_ACTION = 512;
    /**
     * Live heap after GC varies by about 2 MB between two quiet moments of the same JVM under this load
     * (strings and class metadata on the heap, pools): 8 MB leaves room, and a leak of 1 KB per request
     * passes it within the 2 minutes even at 60 requests/s.
     */
    static final long SLACK_BYTES = 8L << 20;
    /** Latency of the last windows against the first: at most this factor, plus {@link #LATENCY_SLACK_MS}. */
    static final double LATENCY_FACTOR = 3.0;
    static final double LATENCY_SLACK_MS = 50;
    static final int THREAD_SLACK = 25;
    static final Duration WARM_UP = Duration.ofSeconds(20);

    @Test
    void ciSoak_2Minutes() throws Exception {
        soak("soak: CI form (2 min, mixed load, PostgreSQL store)", Duration.ofMinutes(2), Duration.ofSeconds(20));
    }

    @Test
    @Tag("slow")
    void fullSoak_30Minutes() throws Exception {
        long minutes = Long.getLong("reliability.soak.minutes", 30);
        soak("soak: full form (" + minutes + " min, mixed load, PostgreSQL store)", Duration.ofMinutes(minutes),
                Duration.ofMinutes(Math.max(1, minutes / 6)));
    }

    private static void soak(String scenario, Duration length, Duration window) throws Exception {
        String db = "praetor_soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            pg.createStatement().execute("CREATE DATABASE " + db);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("the soak needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust): " + e.getMessage(), e);
        }
        try {
            soakOn(scenario, length, window, Map.of("PRAETOR_STORE", "postgres", "PRAETOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + db,
                    "PRAETOR_PG_USER", "postgres", "PRAETOR_PG_APP_ROLE", "praetor_app_test"));
        } finally {
            try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                pg.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static void soakOn(String scenario, Duration length, Duration window, Map<String, String> store) throws Exception {
        Map<String, String> env = new HashMap<>(store);
        // rate limiting on, as in production, but far above the load: its buckets are exercised, never exhausted
        env.put("PRAETOR_RATE_LIMIT", "100000/s");
        try (WebhookSink sink = new WebhookSink()) {
            env.put("PRAETOR_WEBHOOKS", "ticket=" + sink.url());
            try (TestServer api = TestServer.start(env)) {
                run(api, sink, scenario, length, window);
            }
        }
    }

    private static void run(TestServer api, WebhookSink sink, String scenario, Duration length, Duration window) throws Exception {
        Seed seed = Seed.create(api, "soak");
        String reader = seed.viewer();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<String> actions = Collections.synchronizedList(new ArrayList<>());
        AtomicLong ops = new AtomicLong();
        List<SseClient> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) streams.add(new SseClient(api, "/api/v1/events", reader, Map.of(), false));
        // warm up (JIT, connection pools, the token and metrics caches reach their steady size), then take the baseline
        long warmEnd = System.nanoTime() + WARM_UP.toNanos();
        runLoad(api, seed, warmEnd, errors, new LatencyWindows(System.nanoTime(), Long.MAX_VALUE), actions, new AtomicLong(), 0);
        int actionsBefore = actions.size();
        long ledgerBefore = ledgerSize(api, reader);
        HeapHistogram heapBefore = HeapHistogram.take();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long start = System.nanoTime();
        LatencyWindows latency = new LatencyWindows(start, window.toNanos());
        runLoad(api, seed, start + length.toNanos(), errors, latency, actions, ops, 1);
        latency.finish();
        // let the last actions finish
        for (String a : List.copyOf(actions)) {
            Map<String, Object> s = Seed.awaitState(api, reader, a, "completed", "failed", "rolled_back");
            if (!"completed".equals(s.get("state"))) errors.add("action " + a + " ended " + s.get("state"));
            if (sink.count(a) != 1) errors.add("action " + a + " delivered " + sink.count(a) + " times");
        }
        Seed.sleep(1500);
        long events = 0;
        for (SseClient s : streams) {
            if (!s.firstGap().isEmpty()) errors.add("stream ids not contiguous: " + s.firstGap());
            if (s.received() == 0) errors.add("a stream received nothing");
            events += s.received();
            s.close();
        }
        Map<String, Object> verify = api.get("/api/v1/ledger/verify", reader).json();
        if (!Boolean.TRUE.equals(verify.get("ok"))) errors.add("ledger does not verify: " + verify);
        long ledgerAfter = ((Number) verify.getOrDefault("size", 0L)).longValue();
        HeapHistogram heapAfter = HeapHistogram.take();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();

        long grown = heapAfter.totalBytes() - heapBefore.totalBytes();
        long ledgerAdded = ledgerAfter - ledgerBefore;
        long actionsAdded = actions.size() - actionsBefore;
        long allowed = SLACK_BYTES + LEDGER_BYTES_PER_ENTRY * ledgerAdded + TEST_BYTES_PER_ACTION * actionsAdded;
        List<String> grownMost = heapAfter.grownSince(heapBefore, 5);
        // the whole difference, for whoever looks into a failure (or a growth within the allowance)
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "soak-histogram-" + length.toMinutes() + "min.txt"),
                "live heap after GC " + heapBefore.totalBytes() + " -> " + heapAfter.totalBytes() + " bytes; ledger +" + ledgerAdded
                        + ", actions +" + (actions.size() - actionsBefore) + ", requests " + ops.get() + "\n"
                        + String.join("\n", heapAfter.grownSince(heapBefore, 80)) + "\n");
        List<String> violations = new ArrayList<>();
        if (grown > allowed) {
            violations.add("live heap after GC grew " + mb(grown) + " MB, more than the " + mb(allowed) + " MB allowed ("
                    + mb(SLACK_BYTES) + " MB + " + LEDGER_BYTES_PER_ENTRY + " B × " + ledgerAdded + " ledger entries + "
                    + TEST_BYTES_PER_ACTION + " B × " + actionsAdded + " actions); grown most: " + heapAfter.grownSince(heapBefore, 15));
        }
        if (threadsAfter - threadsBefore >= THREAD_SLACK) {
            violations.add("live threads grew " + threadsBefore + " → " + threadsAfter);
        }
        Map<String, String> unstable = latency.unstable(LATENCY_FACTOR, LATENCY_SLACK_MS);
        if (!unstable.isEmpty()) violations.add("latency of the last two windows against the first: " + unstable);
        ReliabilityReport.record(scenario, ops.get(), errors.size() + violations.size(), 0,
                "ops " + ops.get() + " (" + ops.get() / Math.max(1, length.toSeconds()) + "/s), actions " + actionsAdded
                        + ", ledger +" + ledgerAdded + ", 5 SSE clients (" + events + " events); latency ms p50/p95/p99 "
                        + latency.percentiles() + "; first → last " + window.toSeconds() + " s window " + latency.firstVersusLast()
                        + "; live heap after GC " + mb(heapBefore.totalBytes()) + " → " + mb(heapAfter.totalBytes()) + " MB ("
                        + signed(grown / Math.max(1, ops.get())) + " B per request; allowed " + mb(allowed) + " MB), grown most "
                        + grownMost + "; threads " + threadsBefore + " → " + threadsAfter
                        + (violations.isEmpty() ? "" : "; FAILED: " + violations));
        assertThat(errors).isEmpty();
        assertThat(violations).isEmpty();
    }

    private static long ledgerSize(TestServer api, String token) {
        return ((Number) Seed.expect(api.get("/api/v1/ledger/verify", token), 200).json().getOrDefault("size", 0L)).longValue();
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private static String signed(long n) {
        return (n >= 0 ? "+" : "") + n;
    }

    /** Two readers, one importer and one actor per round-robin slot, on four virtual threads, until {@code end}. */
    private static void runLoad(TestServer api, Seed seed, long end, List<String> errors, LatencyWindows latency,
                                List<String> actions, AtomicLong ops, long salt) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(Thread.ofVirtual().start(() -> {
                Random random = new Random(Budget.seed() + worker + salt * 31);
                int n = 0;
                while (System.nanoTime() < end && errors.size() < 20) {
                    try {
                        String kind;
                        TestServer.Res r;
                        long t = System.nanoTime();
                        switch (worker) {
                            case 0, 1 -> {
                                String path = List.of("/api/v1/resources?limit=50", "/api/v1/findings?status=open", "/api/v1/metrics",
                                        "/api/v1/actions?limit=50", "/api/v1/resources/" + seed.resourceKey()).get(random.nextInt(5));
                                kind = "read";
                                r = api.get(path, seed.viewer());
                            }
                            case 2 -> {
                                kind = "import";
                                StringBuilder nd = new StringBuilder();
                                for (int i = 0; i < 20; i++) {
                                    nd.append("{\"id\":\"soak-").append(i).append("\",\"type\":\"custom.soak.item\",\"name\":\"s\",")
                                            .append("\"tags\":{\"round\":\"").append(n % 7).append("\"},\"properties\":{\"n\":")
                                            .append(random.nextInt(1000)).append("}}\n");
                                }
                                r = api.send("POST", "/api/v1/inventory/snapshots?format=praetor", seed.operator(),
                                        "application/x-ndjson", nd.toString(), Map.of());
                            }
                            default -> {
                                kind = "action";
                                r = api.post("/api/v1/actions", seed.operator(), "{\"finding_id\":\"" + seed.findingId()
                                        + "\",\"dry_run\":true,\"reason\":\"soak\"}");
                                if (r.status() == 202) {
                                    String id = (String) r.json().get("id");
                                    actions.add(id);
                                    Seed.awaitState(api, seed.viewer(), id, "planned");
                                    check(errors, api.post("/api/v1/actions/" + id + "/approve", seed.approver(), "{}"), "approve");
                                    check(errors, api.post("/api/v1/actions/" + id + "/run", seed.operator(), "{}"), "run");
                                }
                                Seed.sleep(200);
                            }
                        }
                        latency.record(kind, t, (System.nanoTime() - t) / 1000);
                        check(errors, r, kind);
                        ops.incrementAndGet();
                        n++;
                    } catch (RuntimeException | AssertionError e) {
                        // an action that never reached a state, a request that threw: an error, not a silently dead worker
                        errors.add("worker " + worker + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : workers) t.join();
    }

    private static void check(List<String> errors, TestServer.Res r, String what) {
        if (r.status() < 200 || r.status() >= 300) errors.add(what + " -> " + r.status() + " " + r.body());
    }
}
