package io.praetor.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.Role;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.testing.OwnRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis of this test's own (redis-server on a free port, no persistence) in front of the metrics
 * cache and the rate limits, lost (FLUSHALL) and then frozen (SIGSTOP) and thawed (SIGCONT) while
 * the server keeps serving: no 5xx, idempotency keys still replay (the store holds them, ADR 0019),
 * metrics are never stale (the cache entry is tied to the tenant's event seq), and Redis is used
 * again after it comes back, without a restart.
 */
class RedisPausedTest {
    @TempDir
    Path data;

    private OwnRedis redis;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startOwnRedis() {
        redis = OwnRedis.started();
    }

    @AfterEach
    void stopOwnRedis() {
        if (redis != null) redis.close();
    }

    @Test
    void lostThenFrozenRedis_degradesButStaysCorrect_andIsUsedAgainAfterwards() throws Exception {
        var config = ConfigLoader.load(Map.of("PRAETOR_DATA_DIR", data.toString(), "PRAETOR_PORT", "0",
                "PRAETOR_REDIS_URL", redis.url(), "PRAETOR_REDIS_PREFIX", "paused-test",
                "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            String admin = server.devToken("default", "olivia", Set.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER),
                    Duration.ofMinutes(10)).orElseThrow();
            String policy = Files.readString(AdapterSelectionTest.repo("examples/policies/s3-no-public-acl.yaml"));
            assertThat(send(server, "PUT", "/api/v1/policies/s3-no-public-acl", admin, "application/yaml", policy, Map.of())
                    .statusCode()).isEqualTo(200);
            putPublicBucket(server, admin, "one");

            assertThat(metrics(server, admin)).containsEntry("findings_open", 1L).extracting(m -> cache(m)).isEqualTo("miss");
            assertThat(cache(metrics(server, admin))).isEqualTo("hit");
            String findingId = firstFinding(server, admin);
            String body = "{\"finding_id\":\"" + findingId + "\",\"dry_run\":true}";
            var created = send(server, "POST", "/api/v1/actions", admin, "application/json", body, Map.of("Idempotency-Key", "k-1"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String actionId = (String) json(created.body()).get("id");
            // The action moves on by itself (queued → preflight → planned); each step is a tenant event and
            // so a new metrics cache key. Let it settle, or a step between two reads reads as a miss.
            awaitState(server, admin, actionId, "planned");

            // Redis loses everything: the store still answers the key, the cache just misses once.
            assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
            var replayed = send(server, "POST", "/api/v1/actions", admin, "application/json", body, Map.of("Idempotency-Key", "k-1"));
            assertThat(replayed.statusCode()).isEqualTo(202);
            assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(json(replayed.body())).containsEntry("id", actionId);
            assertThat(cache(metrics(server, admin))).isEqualTo("miss");
            assertThat(cache(metrics(server, admin))).isEqualTo("hit");

            // Frozen: every call to it times out. Reads and writes still succeed, slower; nothing stale.
            redis.freeze();
            putPublicBucket(server, admin, "two");
            Map<String, Object> frozen = metrics(server, admin);
            assertThat(frozen).containsEntry("findings_open", 2L);
            assertThat(cache(frozen)).isEqualTo("miss");
            var again = send(server, "POST", "/api/v1/actions", admin, "application/json", body, Map.of("Idempotency-Key", "k-1"));
            assertThat(again.statusCode()).isEqualTo(202);
            assertThat(json(again.body())).containsEntry("id", actionId);
            var ready = send(server, "GET", "/readyz", admin, null, null, Map.of());
            assertThat(ready.body()).containsPattern("\"redis\":\\{[^}]*\"status\":\"degraded\"");
            // by now Redis has failed more than three calls in a row: the circuit breaker stopped asking it (ADR 0030)
            assertThat(ready.body()).containsPattern("\"redis\":\\{[^}]*circuit open");

            // Thawed: used again without a restart, and a change made meanwhile is not hidden by an old entry.
            redis.thaw();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!send(server, "GET", "/readyz", admin, null, null, Map.of()).body()
                    .matches("(?s).*\"redis\":\\{[^}]*\"status\":\"ok\".*")) {
                assertThat(System.nanoTime()).as("Redis back in /readyz").isLessThan(deadline);
                Thread.sleep(100);
            }
            putPublicBucket(server, admin, "three");
            Map<String, Object> after = metrics(server, admin);
            assertThat(after).containsEntry("findings_open", 3L);
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"hit".equals(cache(metrics(server, admin)))) {
                assertThat(System.nanoTime()).as("the cache hits again").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(metrics(server, admin)).containsEntry("findings_open", 3L);
        }
    }

    private void awaitState(PraetorServer server, String token, String actionId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.equals(json(send(server, "GET", "/api/v1/actions/" + actionId, token, null, null, Map.of()).body()).get("state"))) {
            assertThat(System.nanoTime()).as("action " + actionId + " reaches " + state).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void putPublicBucket(PraetorServer server, String token, String name) throws Exception {
        String id = "arn:aws:s3:::" + name;
        var r = send(server, "PUT", "/api/v1/resources/" + ResourceKeys.keyOf(id), token, "application/json",
                "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"" + name + "\",\"properties\":"
                        + "{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[{\"grantee\":\"AllUsers\","
                        + "\"permission\":\"Read\"}]}}}}", Map.of());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    @SuppressWarnings("unchecked")
    private String firstFinding(PraetorServer server, String token) throws Exception {
        var items = (List<Map<String, Object>>) json(send(server, "GET", "/api/v1/findings?status=open", token, null, null, Map.of())
                .body()).get("items");
        return (String) items.getFirst().get("id");
    }

    private Map<String, Object> metrics(PraetorServer server, String token) throws Exception {
        var r = send(server, "GET", "/api/v1/metrics", token, null, null, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    private static String cache(Map<String, Object> metrics) {
        return (String) ((Map<String, Object>) metrics.get("sources")).get("cache");
    }

    private static Map<String, Object> json(String body) {
        return JsonTreeReader.readObject(body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(PraetorServer server, String method, String path, String token, String type, String body,
                                      Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(500);
        return r;
    }
}
