package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The AI endpoint hangs: it accepts connections and never answers ({@link SilentEndpoint}). Under
 * load from 8 clients on the assistant (JSON and SSE), analyses, predictions and deep metrics,
 * every answer is 200 from the local analyst ({@code source: local}, deep metrics {@code
 * sources.ai: fallback}), none waits for the model longer than its timeout (plus slack for a
 * loaded machine: a hang would wait the client's 30 s), the circuit opens (/readyz ai degraded)
 * so the hanging endpoint sees a handful of connections rather than one per request, no 5xx, and
 * the server's live threads grow by a bounded few (the model client's pool), not with the requests.
 */
@Order(23)
class AiHangTest {
    private static final Duration MODEL_TIMEOUT = Duration.ofMillis(1500);
    /** Generous: this checks that an answer does not wait out the hang, not how fast it is. */
    private static final Duration SLACK = Duration.ofSeconds(8);
    private static final Duration LOAD = Duration.ofSeconds(Budget.of(12, 120));
    private static final int CLIENTS = 8;

    private record Call(String kind, int status, long micros, String source) {}

    @Test
    void hangingModel_answersLocallyWithinTheBudget_opensTheCircuit_andGrowsNoThreads() throws Exception {
        List<String> wrong = new ArrayList<>();
        String figures;
        try (SilentEndpoint model = new SilentEndpoint();
             TestServer api = TestServer.start(Map.of("PRAETOR_AI_URL", model.url(), "PRAETOR_AI_MODEL", "hanging",
                     "PRAETOR_AI_API_KEY", Secrets.remember("sk-hanging-model-key-0123456789"),
                     "PRAETOR_AI_TIMEOUT_MS", Long.toString(MODEL_TIMEOUT.toMillis()),
                     "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"))) {
            Seed seed = Seed.create(api, "aihang");
            // the baseline under the same concurrency on routes without the model (the HTTP server's pool
            // grows with concurrent requests, whatever they do); the model is never called before the load,
            // so the load starts with the circuit closed
            concurrently(Duration.ofSeconds(2), client -> api.get(client % 2 == 0 ? "/api/v1/metrics" : "/api/v1/findings",
                    seed.viewer()));
            Map<String, Long> before = threadsByName();
            long threadsBefore = liveThreads();
            List<Call> calls = new CopyOnWriteArrayList<>();
            List<String> kinds = List.of("analyses", "predictions", "chat", "chat-sse", "deep");
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            concurrently(LOAD, client -> calls.add(call(api, seed, kinds.get(next.getAndIncrement() % kinds.size()))));
            String ready = aiReadiness(api);
            if (!ready.startsWith("degraded")) wrong.add("/readyz ai after the load: " + ready + " (the circuit did not open)");
            // the model's connections: the client gave up on each, and must have closed it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (model.open() > 0 && System.nanoTime() < deadline) Seed.sleep(100);
            Seed.sleep(1000);
            long threadsAfter = liveThreads();
            Map<String, Long> grownThreads = grown(before, threadsByName());
            Map<Integer, AtomicLong> statuses = new TreeMap<>();
            Map<String, List<Long>> latency = new ConcurrentHashMap<>();
            long slow = 0;
            for (Call c : calls) {
                statuses.computeIfAbsent(c.status(), s -> new AtomicLong()).incrementAndGet();
                latency.computeIfAbsent(c.kind(), k -> Collections.synchronizedList(new ArrayList<>())).add(c.micros());
                if (c.status() != 200) wrong.add(c.kind() + " -> " + c.status());
                else if (!c.source().equals(c.kind().equals("deep") ? "fallback" : "local")) {
                    wrong.add(c.kind() + " answered from " + c.source());
                }
                if (c.micros() > MODEL_TIMEOUT.plus(SLACK).toNanos() / 1000) {
                    slow++;
                    wrong.add(c.kind() + " waited " + c.micros() / 1000 + " ms for a model whose timeout is " + MODEL_TIMEOUT.toMillis() + " ms");
                }
            }
            if (calls.isEmpty()) wrong.add("no call was made");
            if (threadsAfter - threadsBefore >= 40) {
                wrong.add("live threads grew from " + threadsBefore + " to " + threadsAfter + ": " + grownThreads);
            }
            if (model.open() > 0) wrong.add(model.open() + " connections to the hanging model are still open");
            // with the circuit open, only its trial calls reach the model: far fewer than the requests
            if (model.accepted.get() > calls.size() / 4 + 10) {
                wrong.add("the hanging model saw " + model.accepted.get() + " connections for " + calls.size() + " requests");
            }
            figures = calls.size() + " requests from " + CLIENTS + " clients in " + LOAD.toSeconds() + " s, statuses " + statuses
                    + "; every answer local (deep metrics: fallback); latency ms p50/p99/max " + percentiles(latency)
                    + " (model timeout " + MODEL_TIMEOUT.toMillis() + " ms, inline budget 250 ms); circuit: " + ready
                    + "; the hanging model accepted " + model.accepted.get() + " connections, " + model.open()
                    + " left open; live threads " + threadsBefore + " → " + threadsAfter + " (new: " + grownThreads + ")";
            if (slow > 0) figures += "; " + slow + " answers over the budget";
        }
        ReliabilityReport.record("fault: AI endpoint hanging (accepts, never answers) under load", 1, wrong.size(), 0, figures);
        assertThat(wrong).isEmpty();
    }

    private static Call call(TestServer api, Seed seed, String kind) {
        long t = System.nanoTime();
        TestServer.Res r = switch (kind) {
            case "analyses" -> api.post("/api/v1/ai/analyses", seed.viewer(), "{}");
            case "predictions" -> api.get("/api/v1/ai/predictions", seed.viewer());
            case "chat" -> api.post("/api/v1/assistant/chat", seed.viewer(),
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"what are my top risks?\"}]}");
            case "chat-sse" -> api.post("/api/v1/assistant/chat", seed.viewer(),
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"how is my posture?\"}]}", Map.of("Accept", "text/event-stream"));
            default -> api.get("/api/v1/metrics?deep=true", seed.viewer());
        };
        long micros = (System.nanoTime() - t) / 1000;
        return new Call(kind, r.status(), micros, r.status() == 200 ? source(kind, r) : "");
    }

    @SuppressWarnings("unchecked")
    private static String source(String kind, TestServer.Res r) {
        return switch (kind) {
            case "deep" -> String.valueOf(((Map<String, Object>) r.json().get("sources")).get("ai"));
            case "chat-sse" -> {
                // the last event is "done", whose data carries the source
                int done = r.body().lastIndexOf("event: done");
                if (done < 0) yield "no done event";
                String data = r.body().substring(done).lines().filter(l -> l.startsWith("data: ")).findFirst().orElse("data: {}");
                try {
                    yield String.valueOf(TestServer.JSON.readValue(data.substring(6), Map.class).get("source"));
                } catch (java.io.IOException e) {
                    yield "unreadable done event";
                }
            }
            default -> String.valueOf(r.json().get("source"));
        };
    }

    @SuppressWarnings("unchecked")
    private static String aiReadiness(TestServer api) {
        Map<String, Object> adapters = (Map<String, Object>) api.get("/readyz", null).json().get("adapters");
        Map<String, Object> ai = (Map<String, Object>) adapters.get("ai");
        return ai.get("status") + " (" + ai.get("detail") + ")";
    }

    /** {@code clients} virtual threads calling {@code work} (with their number) until {@code length} has passed. */
    private static void concurrently(Duration length, java.util.function.IntConsumer work) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) work.accept(client);
            }));
        }
        for (Thread t : clients) t.join();
    }

    /** Live platform threads by name without digits (pool members share one), for a failure message. */
    private static Map<String, Long> threadsByName() {
        Map<String, Long> by = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) by.merge(t.getName().replaceAll("\\d+", "#"), 1L, Long::sum);
        return by;
    }

    private static Map<String, Long> grown(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((name, n) -> {
            long d = n - before.getOrDefault(name, 0L);
            if (d > 0) grown.put(name, d);
        });
        return grown;
    }

    private static long liveThreads() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Seed.sleep(200);
        }
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static Map<String, String> percentiles(Map<String, List<Long>> by) {
        Map<String, String> out = new TreeMap<>();
        by.forEach((k, v) -> {
            List<Long> sorted = new ArrayList<>(v);
            Collections.sort(sorted);
            out.put(k, String.format("%.0f/%.0f/%.0f", sorted.get(sorted.size() / 2) / 1000.0,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1000.0, sorted.getLast() / 1000.0));
        });
        return out;
    }
}
