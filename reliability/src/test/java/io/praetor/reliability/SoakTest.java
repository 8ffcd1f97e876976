package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A steady mixed load on the wired server: readers (resources, findings, metrics, actions),
 * importers (NDJSON upserts), actors (create, approve, run a webhook action each) and SSE clients
 * on the tenant stream. Nothing may fail, every action completes with exactly one webhook
 * delivery, every stream's ids are contiguous, and heap after GC and live threads at the end are
 * within generous bounds of the warmed-up state. The CI form runs 20 s; the full form 30 min.
 */
@Order(10)
class SoakTest {
    @Test
    void ciSoak_20Seconds() throws Exception {
        soak("soak: CI form (20 s, mixed load)", Duration.ofSeconds(20));
    }

    @Test
    @Tag("slow")
    void fullSoak_30Minutes() throws Exception {
        soak("soak: full form (30 min, mixed load)", Duration.ofMinutes(30));
    }

    private record Sample(String kind, long micros) {}

    private static void soak(String scenario, Duration length) throws Exception {
        try (WebhookSink sink = new WebhookSink();
             TestServer api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url()))) {
            Seed seed = Seed.create(api, "soak");
            String reader = seed.viewer();
            List<String> errors = new CopyOnWriteArrayList<>();
            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            List<String> actions = Collections.synchronizedList(new ArrayList<>());
            AtomicLong ops = new AtomicLong();
            List<SseClient> streams = new ArrayList<>();
            for (int i = 0; i < 5; i++) streams.add(new SseClient(api, "/api/v1/events", reader, Map.of()));
            // warm up, then take the baseline
            long warmEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            runLoad(api, seed, warmEnd, errors, new ConcurrentLinkedQueue<>(), actions, new AtomicLong(), 0);
            long[] base = heapAndThreads();
            long end = System.nanoTime() + length.toNanos();
            runLoad(api, seed, end, errors, samples, actions, ops, 1);
            // let the last actions finish
            for (String a : List.copyOf(actions)) {
                Map<String, Object> s = Seed.awaitState(api, reader, a, "completed", "failed", "rolled_back");
                if (!"completed".equals(s.get("state"))) errors.add("action " + a + " ended " + s.get("state"));
                if (sink.count(a) != 1) errors.add("action " + a + " delivered " + sink.count(a) + " times");
            }
            Seed.sleep(1500);
            for (SseClient s : streams) {
                List<Long> ids = s.idsSoFar();
                for (int i = 1; i < ids.size(); i++) {
                    if (ids.get(i) != ids.get(i - 1) + 1) {
                        errors.add("stream ids not contiguous: " + ids.get(i - 1) + " then " + ids.get(i));
                        break;
                    }
                }
                if (ids.isEmpty()) errors.add("a stream received nothing");
                s.close();
            }
            Map<String, Object> verify = api.get("/api/v1/ledger/verify", reader).json();
            if (!Boolean.TRUE.equals(verify.get("ok"))) errors.add("ledger does not verify: " + verify);
            long[] after = heapAndThreads();
            long heapGrowthMb = (after[0] - base[0]) >> 20;
            long threadGrowth = after[1] - base[1];
            Map<String, String> pct = percentiles(samples);
            ReliabilityReport.record(scenario, ops.get(), errors.size(), 0,
                    "ops " + ops.get() + " (" + ops.get() / Math.max(1, length.toSeconds()) + "/s), actions " + actions.size()
                            + ", 5 SSE clients; latency ms p50/p95/p99 " + pct + "; heap after GC " + (base[0] >> 20) + " → "
                            + (after[0] >> 20) + " MB, threads " + base[1] + " → " + after[1]);
            assertThat(errors).isEmpty();
            assertThat(heapGrowthMb).as("heap growth after GC (MB)").isLessThan(Math.max(128, (base[0] >> 20)));
            assertThat(threadGrowth).as("live thread growth").isLessThan(40);
        }
    }

    /** Two readers, one importer and one actor per round-robin slot, on four virtual threads, until {@code end}. */
    private static void runLoad(TestServer api, Seed seed, long end, List<String> errors, ConcurrentLinkedQueue<Sample> samples,
                                List<String> actions, AtomicLong ops, long salt) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(Thread.ofVirtual().start(() -> {
                Random random = new Random(Budget.seed() + worker + salt * 31);
                int n = 0;
                while (System.nanoTime() < end && errors.size() < 20) {
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
                    samples.add(new Sample(kind, (System.nanoTime() - t) / 1000));
                    check(errors, r, kind);
                    ops.incrementAndGet();
                    n++;
                }
            }));
        }
        for (Thread t : workers) t.join();
    }

    private static void check(List<String> errors, TestServer.Res r, String what) {
        if (r.status() < 200 || r.status() >= 300) errors.add(what + " -> " + r.status() + " " + r.body());
    }

    private static long[] heapAndThreads() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Seed.sleep(200);
        }
        return new long[] {mem.getHeapMemoryUsage().getUsed(), threads.getThreadCount()};
    }

    private static Map<String, String> percentiles(ConcurrentLinkedQueue<Sample> samples) {
        Map<String, List<Long>> by = new ConcurrentHashMap<>();
        for (Sample s : samples) by.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.micros());
        Map<String, String> out = new java.util.TreeMap<>();
        by.forEach((k, v) -> {
            Collections.sort(v);
            out.put(k, String.format("%.1f/%.1f/%.1f", p(v, 0.50), p(v, 0.95), p(v, 0.99)));
        });
        return out;
    }

    private static double p(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1000.0;
    }
}
