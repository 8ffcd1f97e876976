package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on POST and PUT: one effect per key, replays marked, a different body refused, scoped per principal. */
class IdempotencyTest {
    private static WebhookSink sink;
    private static TestServer api;
    private static String operator;
    private static String findingId;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        sink = new WebhookSink();
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url()));
        String admin = api.token("acme", "root", Role.ADMIN);
        operator = api.token("acme", "alice", Role.OPERATOR);
        api.put("/api/v1/policies/s3-no-public-acl", admin, "application/yaml", Fixtures.PUBLIC_BUCKET_POLICY);
        api.send("POST", "/api/v1/inventory/snapshots?format=aws-config", Optional.of(operator),
                Optional.of("application/json"), TestServer.bytes(Fixtures.awsConfigSnapshot()), Map.of());
        findingId = (String) ((List<Map<String, Object>>) api.get("/api/v1/findings?status=open", operator).json()
                .get("items")).getFirst().get("id");
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void fiftyConcurrentPostsWithOneKey_createOneAction() throws Exception {
        String body = "{\"finding_id\":\"" + findingId + "\",\"reason\":\"race\"}";
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Res>> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/v1/actions", operator, body, Map.of("Idempotency-Key", "race-1"));
                }));
            }
            go.countDown();
        }
        Set<Object> ids = new HashSet<>();
        int created = 0;
        for (Future<TestServer.Res> f : all) {
            TestServer.Res r = f.get();
            assertThat(r.status()).as(r.body()).isIn(202, 409);
            if (r.status() == 202) {
                ids.add(r.json().get("id"));
                if (r.headers().first("Idempotent-Replayed").isEmpty()) created++;
            } else {
                assertThat(r.json()).containsEntry("type", "https://praetor.dev/problems/idempotency-in-flight");
            }
        }
        assertThat(created).isEqualTo(1);
        assertThat(ids).hasSize(1);
        List<Map<String, Object>> actions = (List<Map<String, Object>>) api.get("/api/v1/actions", operator).json().get("items");
        assertThat(actions.stream().filter(a -> findingId.equals(a.get("finding_id"))).count()).isEqualTo(1);

        var replay = api.post("/api/v1/actions", operator, body, Map.of("Idempotency-Key", "race-1"));
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.headers().first("Idempotent-Replayed")).contains("true");
        assertThat(replay.json().get("id")).isEqualTo(ids.iterator().next());
    }

    @Test
    void sameKeyWithAnotherBody_isAMismatch() {
        var first = api.post("/api/v1/scans", operator, "{}", Map.of("Idempotency-Key", "scan-1"));
        assertThat(first.status()).isEqualTo(200);
        var other = api.post("/api/v1/scans", operator, "{\"x\":1}", Map.of("Idempotency-Key", "scan-1"));
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json()).containsEntry("type", "https://praetor.dev/problems/idempotency-mismatch");
    }

    @Test
    void keysAreScopedToThePrincipal() {
        String other = api.token("acme", "bob", Role.OPERATOR);
        var mine = api.post("/api/v1/scans", operator, "{}", Map.of("Idempotency-Key", "scoped"));
        var theirs = api.post("/api/v1/scans", other, "{}", Map.of("Idempotency-Key", "scoped"));
        assertThat(mine.status()).isEqualTo(200);
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.headers().first("Idempotent-Replayed")).isEmpty();
        assertThat(theirs.json().get("scan_id")).isNotEqualTo(mine.json().get("scan_id"));
    }

    @Test
    void putIsIdempotentToo() {
        String admin = api.token("acme", "root", Role.ADMIN);
        var headers = Map.of("Idempotency-Key", "policy-put");
        var first = api.send("PUT", "/api/v1/policies/s3-no-public-acl", Optional.of(admin), Optional.of("application/yaml"),
                TestServer.bytes(Fixtures.PUBLIC_BUCKET_POLICY), headers);
        var again = api.send("PUT", "/api/v1/policies/s3-no-public-acl", Optional.of(admin), Optional.of("application/yaml"),
                TestServer.bytes(Fixtures.PUBLIC_BUCKET_POLICY), headers);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.headers().first("Idempotent-Replayed")).contains("true");
        assertThat(again.json().get("version")).isEqualTo(first.json().get("version"));
    }
}
