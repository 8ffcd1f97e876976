package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.OwnNats;
import io.praetor.server.testing.OwnPostgres;
import io.praetor.server.testing.OwnRedis;
import io.praetor.server.testing.OwnService;
import io.praetor.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The whole stack of a production server — PostgreSQL store, NATS JetStream bus, Redis in front of
 * the cache and rate limits — on services of this test's own (free ports, temporary directories:
 * the shared ones are never touched), and one of them restarted mid-run while actions, imports,
 * reads and a tenant event stream are in flight. The server is not restarted: it must reconnect by
 * itself. After each restart ({@link FaultLoad#check}): every action completed, reached the webhook
 * under its own key only, no action was created twice, every event seq is 1..n, the ledger
 * verifies, the last accepted import is what the inventory holds, and a fresh full scan changes
 * nothing. While PostgreSQL is down the API may answer 503 dependency-unavailable (nothing else);
 * NATS and Redis going away must cost no failed request at all (the outbox and the store cover the
 * bus; Redis holds nothing correctness-bearing, ADR 0019).
 */
@Order(22)
class ServiceRestartTest {
    /** How long the service stays down; long enough for requests, the pool and the bus client to notice. */
    private static final Duration DOWN = Duration.ofSeconds(Budget.of(3, 10));
    private static final Duration BEFORE = Duration.ofSeconds(3);
    private static final Duration AFTER = Duration.ofSeconds(Budget.of(4, 20));

    private static OwnPostgres pg;
    private static OwnNats nats;
    private static OwnRedis redis;

    @BeforeAll
    static void startOwnServices() {
        pg = OwnPostgres.started();
        nats = OwnNats.started();
        redis = OwnRedis.started();
    }

    @AfterAll
    static void stopOwnServices() {
        for (OwnService s : new OwnService[] {redis, nats, pg}) {
            if (s != null) s.close();
        }
    }

    @Test
    void postgresRestartedMidRun() throws Exception {
        scenario("fault: PostgreSQL restarted mid-run (own cluster; NATS bus, Redis cache)", "pg", pg, true);
    }

    @Test
    void natsRestartedMidRun() throws Exception {
        scenario("fault: NATS restarted mid-run (own server, JetStream on disk; PostgreSQL store, Redis cache)", "nats", nats, false);
    }

    @Test
    void redisRestartedMidRun() throws Exception {
        scenario("fault: Redis restarted mid-run (own server, no persistence; PostgreSQL store, NATS bus)", "redis", redis, false);
    }

    private static void scenario(String title, String name, OwnService restarted, boolean storeGoesDown) throws Exception {
        String run = name + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String db = pg.createDatabase("praetor_" + run);
        List<String> wrong = new ArrayList<>();
        FaultLoad.Outcome outcome;
        long recoveredMs;
        Duration downFor;
        String readyWhileDown;
        long inFlight;
        try (WebhookSink sink = new WebhookSink()) {
            Map<String, String> env = new HashMap<>();
            env.put("PRAETOR_STORE", "postgres");
            env.put("PRAETOR_PG_URL", pg.jdbcUrl(db));
            env.put("PRAETOR_PG_USER", "postgres");
            env.put("PRAETOR_PG_APP_ROLE", "praetor_app_test");
            env.put("PRAETOR_BUS", "nats");
            env.put("PRAETOR_NATS_URL", nats.url());
            env.put("PRAETOR_BUS_PREFIX", run);
            env.put("PRAETOR_REDIS_URL", redis.url());
            env.put("PRAETOR_REDIS_PREFIX", run);
            // Redis's rate limiter in the path of every request, never limiting
            env.put("PRAETOR_RATE_LIMIT", "100000/s");
            env.put("PRAETOR_WEBHOOKS", "ticket=" + sink.url());
            // a lease whose release failed while the store was down expires in 15 s, not 5 min (ADR 0018);
            // the webhook answers at once, so every step is far shorter than that
            env.put("PRAETOR_ACTION_LEASE_S", "15");
            try (TestServer api = TestServer.start(env)) {
                Seed seed = Seed.create(api, run);
                try (FaultLoad load = new FaultLoad(api, seed, sink, run).start()) {
                    Seed.sleep(BEFORE.toMillis());
                    if (storeGoesDown) load.tolerate503(true);
                    inFlight = unfinished(api, seed);
                    restarted.stop();
                    long down = System.nanoTime();
                    Seed.sleep(DOWN.toMillis() / 2);
                    readyWhileDown = readiness(api, name);
                    Seed.sleep(DOWN.toMillis() / 2);
                    restarted.start();
                    downFor = Duration.ofNanos(System.nanoTime() - down);
                    recoveredMs = untilAWriteSucceeds(api, seed);
                    // the pool may still hand out a connection from before the restart for a moment
                    if (storeGoesDown) Seed.sleep(2000);
                    load.tolerate503(false);
                    Seed.sleep(AFTER.toMillis());
                    load.stop();
                    outcome = load.check();
                }
                if (readyWhileDown.equals("ok")) wrong.add("/readyz " + name + " said ok while it was down");
                String readyAfter = awaitReady(api, name);
                if (!readyAfter.equals("ok")) wrong.add("/readyz " + name + " is " + readyAfter + " after the restart");
                wrong.addAll(outcome.wrong());
                ReliabilityReport.record(title, 1, wrong.size(), outcome.lost(),
                        inFlight + " actions unfinished when it went down; down " + downFor.toMillis() + " ms (/readyz "
                                + readinessKey(name) + " meanwhile: " + readyWhileDown + "); first write accepted "
                                + recoveredMs + " ms after it was back, no server restart; " + outcome.figures());
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Milliseconds until an upsert of one resource is accepted (the server reconnected). */
    private static long untilAWriteSucceeds(TestServer api, Seed seed) {
        long t = System.nanoTime();
        long deadline = t + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            TestServer.Res r = api.send("POST", "/api/v1/inventory/snapshots?format=praetor", seed.operator(), "application/x-ndjson",
                    "{\"id\":\"probe\",\"type\":\"custom.fault.probe\",\"name\":\"probe\"}\n", Map.of());
            if (r.status() == 200) return Duration.ofNanos(System.nanoTime() - t).toMillis();
            Seed.sleep(50);
        }
        throw new AssertionError("no write accepted within 60 s of the restart: the server did not reconnect");
    }

    /** The status /readyz gives the restarted dependency ({@code pg} is reported as the store). */
    @SuppressWarnings("unchecked")
    private static String readiness(TestServer api, String name) {
        TestServer.Res r = api.get("/readyz", null);
        try {
            Map<String, Object> checks = (Map<String, Object>) r.json().get("adapters");
            Object check = checks == null ? null : checks.get(readinessKey(name));
            return check instanceof Map<?, ?> m ? String.valueOf(m.get("status")) : "absent (" + r.body() + ")";
        } catch (AssertionError notJson) {
            return "HTTP " + r.status();
        }
    }

    private static String readinessKey(String name) {
        return switch (name) {
            case "pg" -> "store";
            case "nats" -> "bus";
            default -> "redis";
        };
    }

    /** The tenant's actions not in a final state (the seed's planned dry run aside). */
    private static long unfinished(TestServer api, Seed seed) {
        return Seed.expect(api.get("/api/v1/actions?limit=500", seed.viewer()), 200).items().stream()
                .filter(a -> !a.get("id").equals(seed.actionId()))
                .filter(a -> !List.of("completed", "failed", "rolled_back", "cancelled").contains(a.get("state"))).count();
    }

    private static String awaitReady(TestServer api, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = readiness(api, name);
        while (!status.equals("ok") && System.nanoTime() < deadline) {
            Seed.sleep(200);
            status = readiness(api, name);
        }
        return status;
    }
}
