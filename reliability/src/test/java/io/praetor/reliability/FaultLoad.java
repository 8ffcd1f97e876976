package io.praetor.reliability;

import io.praetor.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mixed work a fault scenario keeps in flight while a dependency goes down and comes back: an
 * actor that creates (with an Idempotency-Key, retried with the same key), approves and runs one
 * action after another; an importer that upserts 20 resources per round, each round retried
 * until it is accepted; a reader; and a tenant event stream that resumes with Last-Event-ID
 * whenever it ends. Every answer is classified: 2xx and 4xx are the API's; 503 (and a write's 500
 * outcome-unknown, when the store is lost during its commit) is a documented
 * dependency-unavailable problem, allowed only while the scenario says the dependency may be
 * missing ({@link #tolerate503(boolean)}); any other 5xx, a hang or a dropped connection is an
 * error. After {@link #stop()}, {@link #check} drives every action to its end and checks that
 * nothing was lost or applied twice.
 */
final class FaultLoad implements AutoCloseable {
    static final int IMPORTED = 20;

    private final TestServer api;
    private final Seed seed;
    private final String name;
    private final WebhookSink sink;
    final List<String> errors = new CopyOnWriteArrayList<>();
    /** Ids of the actions the actor created, in order; the index is the Idempotency-Key's number. */
    final List<String> actions = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final AtomicLong rounds = new AtomicLong();
    final AtomicLong retriedRequests = new AtomicLong();
    /** The longest an action took from its creation to running (a lost work message shows here). */
    private final AtomicLong slowestStartMs = new AtomicLong();
    private final AtomicLong lastAcceptedRound = new AtomicLong(-1);
    private final List<Long> streamIds = new CopyOnWriteArrayList<>();
    private final AtomicLong streamReconnects = new AtomicLong();
    private volatile boolean tolerate503;
    private volatile boolean stopping;
    private final List<Thread> workers = new ArrayList<>();

    FaultLoad(TestServer api, Seed seed, WebhookSink sink, String name) {
        this.api = api;
        this.seed = seed;
        this.sink = sink;
        this.name = name;
    }

    FaultLoad start() {
        workers.add(Thread.ofVirtual().name("fault-actor").start(this::actor));
        workers.add(Thread.ofVirtual().name("fault-importer").start(this::importer));
        workers.add(Thread.ofVirtual().name("fault-reader").start(this::reader));
        workers.add(Thread.ofVirtual().name("fault-stream").start(this::stream));
        return this;
    }

    /** While true, 503 answers are expected (the dependency is down or just came back). */
    void tolerate503(boolean yes) {
        tolerate503 = yes;
    }

    /** Lets the actor finish the action it is on and the importer its round, then stops everything. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : workers) t.join(Duration.ofSeconds(120));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Classifies one answer; true when it is a success (2xx). */
    private boolean answered(TestServer.Res r, String what) {
        statuses.computeIfAbsent(r.status(), s -> new AtomicLong()).incrementAndGet();
        if (r.status() >= 200 && r.status() < 300) return true;
        if (r.status() == 503 && tolerate503) return false;
        // a write whose commit the lost store could not confirm says so (outcome-unknown); retried with its key
        if (r.status() == 500 && tolerate503 && r.body().contains("/outcome-unknown\"")) return false;
        if (r.status() >= 500 || r.status() <= 0) {
            if (errors.size() < 50) errors.add(what + " -> " + r.status() + " " + r.body());
        }
        return false;
    }

    /** Sends until the answer is 2xx (retrying answers that are not), for at most 60 s. */
    private TestServer.Res untilAccepted(java.util.function.Supplier<TestServer.Res> call, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TestServer.Res r;
        while (true) {
            r = call.get();
            if (answered(r, what)) return r;
            if (System.nanoTime() > deadline) {
                errors.add(what + " not accepted within 60 s, last " + r.status() + " " + r.body());
                return r;
            }
            retriedRequests.incrementAndGet();
            Seed.sleep(100);
        }
    }

    private void actor() {
        int i = 0;
        while (!stopping && errors.size() < 20) {
            String key = name + "-" + i;
            java.util.Optional<String> created = create(key);
            if (created.isEmpty()) return;
            String id = created.get();
            actions.add(id);
            long t = System.nanoTime();
            drive(id, Duration.ofSeconds(60), true);
            slowestStartMs.accumulateAndGet(Duration.ofNanos(System.nanoTime() - t).toMillis(), Math::max);
            i++;
        }
    }

    /**
     * Creates the action whose reason is {@code key}, with {@code key} as Idempotency-Key, retrying
     * until accepted — as a careful client does: after an answer that leaves the outcome unknown (a
     * 500 outcome-unknown: the store was lost during the commit; or the key still in flight, its claim
     * not released because the store was down) it looks the action up by its reason, and asks again
     * under a fresh key only once the list says it does not exist.
     */
    private java.util.Optional<String> create(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String attemptKey = key;
        int attempt = 0;
        while (true) {
            TestServer.Res r = api.post("/api/v1/actions", seed.operator(), "{\"finding_id\":\"" + seed.findingId()
                    + "\",\"dry_run\":true,\"reason\":\"" + key + "\"}", Map.of("Idempotency-Key", attemptKey));
            if (answered(r, "create " + key)) return java.util.Optional.of((String) r.json().get("id"));
            boolean unknown = r.status() == 500 && r.body().contains("/outcome-unknown\"");
            boolean stuck = r.status() == 409 && r.body().contains("/idempotency-in-flight\"");
            if (unknown || stuck) {
                TestServer.Res listed = api.get("/api/v1/actions?limit=500", seed.viewer());
                if (listed.status() == 200) {
                    java.util.Optional<String> found = listed.items().stream().filter(a -> key.equals(a.get("reason")))
                            .map(a -> (String) a.get("id")).findFirst();
                    if (found.isPresent()) return found;
                    if (stuck) attemptKey = key + "-again-" + (++attempt); // it does not exist: a fresh claim
                }
            }
            if (System.nanoTime() > deadline) {
                errors.add("create " + key + " not accepted within 60 s, last " + r.status() + " " + r.body());
                return java.util.Optional.empty();
            }
            retriedRequests.incrementAndGet();
            Seed.sleep(100);
        }
    }

    /**
     * Approves and runs the action whenever it waits for that, until it is in progress or beyond
     * ({@code toEnd}: until it is final); reads and commands that fail are simply tried again. The
     * final or last state seen.
     */
    String drive(String id, Duration within, boolean onlyStart) {
        long deadline = System.nanoTime() + within.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            TestServer.Res r = api.get("/api/v1/actions/" + id, seed.viewer());
            if (answered(r, "read action")) {
                state = (String) r.json().get("state");
                switch (state) {
                    case "planned" -> answered(api.post("/api/v1/actions/" + id + "/approve", seed.approver(), "{}"), "approve");
                    case "approved" -> answered(api.post("/api/v1/actions/" + id + "/run", seed.operator(), "{}"), "run");
                    case "completed", "failed", "rolled_back", "cancelled" -> {
                        return state;
                    }
                    default -> {
                        if (onlyStart && !state.equals("queued") && !state.equals("preflight")) return state;
                    }
                }
            }
            Seed.sleep(50);
        }
        return state;
    }

    private void importer() {
        long round = 0;
        while (!stopping && errors.size() < 20) {
            StringBuilder nd = new StringBuilder();
            for (int i = 0; i < IMPORTED; i++) {
                nd.append("{\"id\":\"").append(name).append("-item-").append(i).append("\",\"type\":\"custom.fault.item\",\"name\":\"i\",")
                        .append("\"tags\":{\"round\":\"").append(round).append("\"},\"properties\":{\"n\":").append(i).append("}}\n");
            }
            String body = nd.toString();
            TestServer.Res r = untilAccepted(() -> api.send("POST", "/api/v1/inventory/snapshots?format=praetor", seed.operator(),
                    "application/x-ndjson", body, Map.of()), "import round " + round);
            if (r.status() / 100 != 2) return;
            lastAcceptedRound.set(round);
            rounds.incrementAndGet();
            round++;
            Seed.sleep(100);
        }
    }

    private void reader() {
        Random random = new Random(Budget.seed());
        while (!stopping && errors.size() < 20) {
            String path = List.of("/api/v1/resources?limit=50", "/api/v1/findings?status=open", "/api/v1/metrics",
                    "/api/v1/actions?limit=50", "/api/v1/ledger/verify").get(random.nextInt(5));
            answered(api.get(path, seed.viewer()), "GET " + path);
            Seed.sleep(30);
        }
    }

    /** The tenant stream, resumed with Last-Event-ID after every end; records every id received, in order. */
    private void stream() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            while (!stopping) {
                long last = streamIds.isEmpty() ? 0 : streamIds.getLast();
                HttpRequest req = HttpRequest.newBuilder(URI.create(api.base + "/api/v1/events"))
                        .header("Authorization", "Bearer " + seed.viewer()).header("Accept", "text/event-stream")
                        .header("Last-Event-ID", Long.toString(last)).build();
                try {
                    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() == 200) {
                        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                            String line;
                            while (!stopping && (line = in.readLine()) != null) {
                                if (line.startsWith("id: ")) streamIds.add(Long.parseLong(line.substring(4).trim()));
                            }
                        }
                    } else {
                        r.body().close();
                        if (!(r.statusCode() == 503 && tolerate503) && errors.size() < 50) {
                            errors.add("GET /events -> " + r.statusCode());
                        }
                    }
                } catch (IOException ended) {
                    // the server ended the stream (or its dependency did): resume below
                }
                if (!stopping) {
                    streamReconnects.incrementAndGet();
                    Seed.sleep(250);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.shutdownNow();
        }
    }

    /** What {@link #check} found: wrong things, lost things, and figures for the report. */
    record Outcome(List<String> wrong, long lost, long applied, long redeliveries, String figures) {}

    /**
     * After {@link #stop()}: drives every action to its end (90 s each at most, time for a lease a
     * failed release left held to expire and for the idle sweep to re-queue a lost work message),
     * then checks that every action completed and reached the webhook under its own key only, that
     * the tenant has no action nobody asked for, every action's event seqs and the tenant's are
     * 1..n (and the live stream saw them in order across its reconnects), the ledger verifies, the
     * last accepted import is what the inventory holds, and a fresh full scan changes nothing.
     */
    Outcome check() {
        List<String> wrong = new ArrayList<>(errors);
        tolerate503(false);
        long lost = 0;
        long redeliveries = 0;
        List<String> ids = List.copyOf(actions);
        long settling = System.nanoTime();
        for (String id : ids) {
            String state = drive(id, Duration.ofSeconds(90), false);
            if (!state.equals("completed")) {
                wrong.add("action " + id + " ended " + state);
                lost++;
            }
            int delivered = sink.count(id);
            if (state.equals("completed") && delivered == 0) {
                wrong.add("action " + id + " completed but its webhook was never called");
                lost++;
            }
            redeliveries += Math.max(0, delivered - 1);
        }
        long settledMs = Duration.ofNanos(System.nanoTime() - settling).toMillis();
        // nothing applied twice: the webhook saw no key but these actions' (and the seed's), and the
        // tenant has no action beyond those asked for (a create retried without its key would add one)
        for (String key : sink.deliveries.keySet()) {
            if (!ids.contains(key) && !key.equals(seed.actionId())) wrong.add("a webhook call under an unknown key " + key);
        }
        List<Map<String, Object>> all = Seed.expect(api.get("/api/v1/actions?limit=500", seed.viewer()), 200).items();
        if (all.size() != ids.size() + 1) wrong.add("the tenant has " + all.size() + " actions, asked for " + (ids.size() + 1));
        List<Thread> readers = new ArrayList<>();
        Map<String, List<Long>> seqs = new ConcurrentHashMap<>();
        for (String id : ids) {
            readers.add(Thread.ofVirtual().start(() -> seqs.put(id, EventLog.ids(api, "/api/v1/actions/" + id + "/events",
                    seed.viewer(), Duration.ofMillis(700)))));
        }
        for (Thread t : readers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        seqs.forEach((id, s) -> {
            wrong.addAll(EventLog.gaps(s, "action " + id + " events"));
            if (s.isEmpty()) wrong.add("action " + id + ": no events");
        });
        List<Long> tenantLog = EventLog.ids(api, "/api/v1/events", seed.viewer(), Duration.ofMillis(1500));
        wrong.addAll(EventLog.gaps(tenantLog, "tenant events"));
        List<Long> live = List.copyOf(streamIds);
        if (live.isEmpty()) wrong.add("the live tenant stream received nothing");
        for (int i = 1; i < live.size(); i++) {
            if (live.get(i) != live.get(i - 1) + 1) {
                wrong.add("live tenant stream: " + live.get(i - 1) + " then " + live.get(i) + " (across " + streamReconnects.get()
                        + " reconnects)");
                break;
            }
        }
        if (!live.isEmpty() && tenantLog.size() < live.getLast()) {
            wrong.add("the live stream saw id " + live.getLast() + " but the log from 0 has " + tenantLog.size());
        }
        Map<String, Object> verify = Seed.expect(api.get("/api/v1/ledger/verify", seed.viewer()), 200).json();
        if (!Boolean.TRUE.equals(verify.get("ok"))) wrong.add("ledger does not verify: " + verify);
        long round = lastAcceptedRound.get();
        long stale = 0;
        TestServer.Res listed = Seed.expect(api.get("/api/v1/resources?limit=500&type=custom.fault.item", seed.viewer()), 200);
        for (int i = 0; i < IMPORTED; i++) {
            String item = name + "-item-" + i;
            boolean current = listed.items().stream().anyMatch(m -> item.equals(m.get("id"))
                    && m.get("tags") instanceof Map<?, ?> tags && String.valueOf(round).equals(tags.get("round")));
            if (!current) stale++;
        }
        if (round >= 0 && stale > 0) {
            wrong.add(stale + " of " + IMPORTED + " imported resources do not carry the last accepted round " + round);
            lost += stale;
        }
        Map<String, Object> scan = Seed.expect(api.post("/api/v1/scans", seed.operator(), "{}"), 200).json();
        if (!Long.valueOf(0).equals(scan.get("findings_opened")) || !Long.valueOf(0).equals(scan.get("findings_resolved"))) {
            wrong.add("a fresh full scan changed findings: " + scan);
        }
        long applied = ids.stream().filter(a -> sink.count(a) > 0).count();
        String figures = ids.size() + " actions (" + applied + " applied, " + redeliveries + " re-deliveries under the same key; "
                + "the slowest took " + slowestStartMs.get() + " ms from create to running, the last ended " + settledMs
                + " ms after the load stopped), "
                + rounds.get() + " import rounds of " + IMPORTED + ", " + retriedRequests.get() + " requests retried; statuses "
                + new TreeMap<>(statuses) + "; tenant stream " + live.size() + " events over " + (streamReconnects.get() + 1)
                + " connections, log " + tenantLog.size() + " events contiguous; fresh scan: 0 opened, 0 resolved";
        return new Outcome(wrong, lost, applied, redeliveries, figures);
    }
}
