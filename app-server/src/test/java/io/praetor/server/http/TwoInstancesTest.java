package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code praetor serve} processes on one PostgreSQL database and one NATS JetStream prefix,
 * as in production: every action is executed once across both, and when the instance inside an
 * action is killed with SIGKILL the other takes it over after the lease and the work message
 * expire ({@code PRAETOR_ACTION_LEASE_S=2}, so 4 s), with the change applied once (the webhook
 * counts calls by idempotency key), a contiguous event seq, and a ledger that verifies.
 */
class TwoInstancesTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final String NATS = System.getProperty("praetor.nats.url", "nats://127.0.0.1:4222");
    private static final String POLICY = "s3-no-public-acl";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InstanceDatabase db;
    private final String prefix = "praetor_two_test_" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, ServerProcess> instances = new LinkedHashMap<>();
    private CountingWebhook webhook;
    private String alice;
    private String bob;

    @BeforeEach
    void startTwoInstances() throws Exception {
        db = InstanceDatabase.create("praetor_two_test_");
        webhook = new CountingWebhook();
        // One key for both instances (OPERATIONS.md), created before either starts.
        var key = SigningKeyFile.loadOrCreate(dir.resolve("signing-key.jwk"));
        DevTokens tokens = new DevTokens(key, "tid", InstantSource.system());
        alice = tokens.mint(TenantId.of("default"), "alice", Set.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN), Duration.ofHours(1));
        bob = tokens.mint(TenantId.of("default"), "bob", Set.of(Role.VIEWER, Role.APPROVER), Duration.ofHours(1));
        start("a");
        start("b");
    }

    private ServerProcess start(String name) {
        Map<String, String> env = db.instanceEnv(dir, name);
        env.putAll(busEnv(prefix));
        env.put("PRAETOR_WEBHOOKS", "ticket=" + webhook.url(name));
        ServerProcess p = ServerProcess.start(name, env, Path.of("target", "two-instances"));
        instances.put(name, p);
        return p;
    }

    @AfterEach
    void stopEverything() throws Exception {
        instances.values().forEach(ServerProcess::close);
        if (webhook != null) webhook.close();
        deleteBus(prefix);
        if (db != null) db.close();
    }

    /** The bus settings of both instances (NATS here; a subclass runs the same on Kafka). */
    Map<String, String> busEnv(String prefix) {
        return Map.of("PRAETOR_BUS", "nats", "PRAETOR_NATS_URL", NATS, "PRAETOR_BUS_PREFIX", prefix);
    }

    void deleteBus(String prefix) {
        try (var nats = io.nats.client.Nats.connect(NATS)) {
            nats.jetStreamManagement().deleteStream(prefix);
        } catch (Exception ignored) {
            // the stream may not exist when start-up failed
        }
    }

    @Test
    void actionsRunOnceAcrossTwoInstances_andASigkilledInstancesActionIsTakenOverAndAppliedOnce() throws Exception {
        ServerProcess a = instances.get("a");
        ServerProcess b = instances.get("b");
        String policy = Files.readString(AdapterSelectionTestPaths.repo("examples/policies/" + POLICY + ".yaml"));
        assertThat(send(a, "PUT", "/api/v1/policies/" + POLICY, alice, "application/yaml", policy).statusCode()).isEqualTo(200);
        for (int i = 0; i < 6; i++) putPublicBucket(i % 2 == 0 ? a : b, "bucket-" + i);
        List<String> findings = openFindings(b, 6);

        // 1. Requested on one, approved on the other: each executed exactly once, by one of them.
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ServerProcess on = i % 2 == 0 ? a : b;
            plain.add(requestAndApprove(on, i % 2 == 0 ? b : a, findings.get(i)));
        }
        for (String id : plain) awaitState(b, id, "completed", Duration.ofSeconds(30));
        for (String id : plain) {
            assertThat(webhook.callsFor(id)).as("calls for " + id).hasSize(1);
            db.assertEventsOnce(id);
        }

        // 2. SIGKILL while the executing instance is inside apply (its call is held): the other re-applies
        //    with the same idempotency key, so the endpoint sees one change.
        CountDownLatch release = webhook.holdNext();
        String held;
        try (SseReader stream = new SseReader(http, b.url + "/api/v1/actions/" + (held = requestAndApprove(a, b, findings.get(4)))
                + "/events", alice, Map.of())) {
            var caught = webhook.trapped(30).orElseThrow(() -> new AssertionError("no apply arrived; logs: " + instances));
            ServerProcess victim = instances.get(caught.instance());
            ServerProcess survivor = victim == a ? b : a;
            victim.kill();
            release.countDown();
            String done = awaitState(survivor, held, "completed", Duration.ofSeconds(60));
            assertThat(done).contains("\"state\":\"completed\"");
            List<CountingWebhook.Call> calls = webhook.callsFor(held);
            assertThat(calls).extracting(CountingWebhook.Call::instance).containsExactly(victim.name, survivor.name);
            assertThat(calls).extracting(CountingWebhook.Call::idempotencyKey).containsOnly(held);
            db.assertEventsOnce(held);
            if (survivor == b) {
                var events = stream.until(e -> e.type().equals("action.completed"), Duration.ofSeconds(20));
                assertThat(events).extracting(SseReader.Event::id)
                        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
            }
            instances.put(victim.name, start(victim.name));
        }
        a = instances.get("a");
        b = instances.get("b");

        // 3. SIGKILL right after the endpoint answered apply: whether or not the instance stored the
        //    outcome, no call may come after the change was recorded as applied.
        Map<String, ServerProcess> byName = Map.copyOf(instances);
        webhook.afterNextAnswer(call -> byName.get(call.instance()).kill());
        String answered = requestAndApprove(b, a, findings.get(5));
        var caught = webhook.trapped(30).orElseThrow(() -> new AssertionError("no apply arrived"));
        ServerProcess survivor = caught.instance().equals("a") ? b : a;
        awaitState(survivor, answered, "completed", Duration.ofSeconds(60));
        Instant applied = eventAt(answered, "verifying");
        assertThat(webhook.callsFor(answered)).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(c -> assertThat(c.receivedAt()).isBeforeOrEqualTo(applied.plusMillis(1)));
        db.assertEventsOnce(answered);
        ServerProcess restarted = start(caught.instance());

        // The ledger both instances (one of them restarted) appended to verifies from either.
        for (ServerProcess s : List.of(survivor, restarted)) {
            var verify = send(s, "GET", "/api/v1/ledger/verify", alice, null, null);
            assertThat(json(verify.body())).as(verify.body()).containsEntry("ok", true);
        }
    }

    private Instant eventAt(String actionId, String state) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), "postgres", "");
             var st = c.prepareStatement("SELECT at FROM action_events WHERE action_id = ? AND state = ?")) {
            st.setString(1, actionId);
            st.setString(2, state);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).as(state + " event of " + actionId).isTrue();
                Timestamp t = rs.getTimestamp(1);
                return t.toInstant();
            }
        }
    }

    private void putPublicBucket(ServerProcess on, String name) throws Exception {
        String id = "arn:aws:s3:::" + name;
        String body = "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"" + name + "\",\"properties\":"
                + "{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[{\"grantee\":\"AllUsers\","
                + "\"permission\":\"Read\"}]}}}}";
        var r = send(on, "PUT", "/api/v1/resources/" + ResourceKeys.keyOf(id), alice, "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    @SuppressWarnings("unchecked")
    private List<String> openFindings(ServerProcess on, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            var r = send(on, "GET", "/api/v1/findings?status=open&policy_id=" + POLICY, alice, null, null);
            List<Map<String, Object>> items = (List<Map<String, Object>>) json(r.body()).get("items");
            if (items.size() >= expected || System.nanoTime() > deadline) {
                assertThat(items).hasSize(expected);
                return items.stream().map(f -> (String) f.get("id")).sorted().toList();
            }
            Thread.sleep(100);
        }
    }

    /** POST /actions (dry_run false) on {@code on}, waits for the plan, approves it on {@code approver}. */
    private String requestAndApprove(ServerProcess on, ServerProcess approver, String findingId) throws Exception {
        var created = send(on, "POST", "/api/v1/actions", alice, "application/json",
                "{\"finding_id\":\"" + findingId + "\",\"dry_run\":false,\"reason\":\"two instances\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = (String) json(created.body()).get("id");
        awaitState(approver, id, "planned", Duration.ofSeconds(30));
        var approved = send(approver, "POST", "/api/v1/actions/" + id + "/approve", bob, "application/json", "{\"comment\":\"ok\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return id;
    }

    private String awaitState(ServerProcess on, String actionId, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send(on, "GET", "/api/v1/actions/" + actionId, alice, null, null).body();
            if (body.contains("\"state\":\"" + state + "\"")) return body;
            Thread.sleep(100);
        }
        throw new AssertionError("action " + actionId + " not " + state + " within " + timeout + " on " + on.name
                + ": " + body + "; instance logs: " + instances.values().stream().map(p -> p.log.toString()).toList());
    }

    private HttpResponse<String> send(ServerProcess on, String method, String path, String token, String contentType,
                                      String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(on.url + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String body) throws IOException {
        return JSON.readValue(body, Map.class);
    }

    /** The repository root from app-server's working directory or the root's. */
    static final class AdapterSelectionTestPaths {
        static Path repo(String relative) {
            Path p = Path.of("..").resolve(relative);
            return Files.exists(p) ? p : Path.of(relative);
        }
    }
}
