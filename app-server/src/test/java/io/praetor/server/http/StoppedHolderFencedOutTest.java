package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import io.praetor.server.testing.OwnRedis;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: an instance frozen (SIGSTOP) inside an action's apply, past its resource lease, is taken
 * over by the other instance, and when it is continued (SIGCONT) its late write is refused by the
 * fencing token. Two {@code praetor serve} processes on one PostgreSQL database (locks and fencing
 * tokens are the store's, ADR 0019), one NATS prefix and a Redis of the test's own in front of the
 * cache, {@code PRAETOR_ACTION_LEASE_S=2}.
 *
 * <p>The frozen holder is continued while the new holder is itself inside apply (its webhook call is
 * held), so the new holder has not written the action yet: only the token it put on the action when
 * it took the lease can tell the late write from a current one, the revision cannot (ADR 0033).
 */
class StoppedHolderFencedOutTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final String NATS = System.getProperty("praetor.nats.url", "nats://127.0.0.1:4222");
    private static final String POLICY = "s3-no-public-acl";
    private static final String BUCKET = "fenced";
    /** ActionSteps.lockName of the bucket: the lease every step on it takes. */
    private static final String LOCK = "act:resource:arn:aws:s3:::" + BUCKET;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private InstanceDatabase db;
    private final String prefix = "praetor_fence_test_" + UUID.randomUUID().toString().replace("-", "");
    private final Map<String, ServerProcess> instances = new LinkedHashMap<>();
    private OwnRedis redis;
    private CountingWebhook webhook;
    private String alice;
    private String bob;

    record LeaseRow(Optional<String> owner, long token, Instant expiresAt) {}

    @BeforeEach
    void startTwoInstances() {
        db = InstanceDatabase.create("praetor_fence_test_");
        redis = OwnRedis.started();
        webhook = new CountingWebhook();
        var key = SigningKeyFile.loadOrCreate(dir.resolve("signing-key.jwk"));
        DevTokens tokens = new DevTokens(key, "tid", InstantSource.system());
        alice = tokens.mint(TenantId.of("default"), "alice", Set.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN), Duration.ofHours(1));
        bob = tokens.mint(TenantId.of("default"), "bob", Set.of(Role.VIEWER, Role.APPROVER), Duration.ofHours(1));
        start("a");
        start("b");
    }

    private void start(String name) {
        Map<String, String> env = db.instanceEnv(dir, name);
        env.put("PRAETOR_BUS", "nats");
        env.put("PRAETOR_NATS_URL", NATS);
        env.put("PRAETOR_BUS_PREFIX", prefix);
        env.put("PRAETOR_REDIS_URL", redis.url());
        env.put("PRAETOR_REDIS_PREFIX", "fence");
        env.put("PRAETOR_WEBHOOKS", "ticket=" + webhook.url(name));
        instances.put(name, ServerProcess.start(name, env, Path.of("target", "stopped-holder")));
    }

    @AfterEach
    void stopEverything() throws Exception {
        instances.values().forEach(ServerProcess::close); // each is continued first
        if (webhook != null) webhook.close();
        if (redis != null) redis.close();
        try (var nats = io.nats.client.Nats.connect(NATS)) {
            nats.jetStreamManagement().deleteStream(prefix);
        } catch (Exception ignored) {
            // the stream may not exist when start-up failed
        }
        if (db != null) db.close();
    }

    @Test
    void aHolderStoppedPastItsLease_isTakenOver_andItsLateApplyIsFencedOut() throws Exception {
        ServerProcess a = instances.get("a");
        ServerProcess b = instances.get("b");
        String policy = Files.readString(TwoInstancesTest.AdapterSelectionTestPaths.repo("examples/policies/" + POLICY + ".yaml"));
        assertThat(send(a, "PUT", "/api/v1/policies/" + POLICY, alice, "application/yaml", policy).statusCode()).isEqualTo(200);
        putPublicBucket(a);
        String finding = openFinding(b);

        // 1. The holder H is inside apply: its webhook call is held, it holds the lease with token t1.
        CountDownLatch releaseHolder = webhook.holdNext();
        String id = requestAndApprove(a, b, finding);
        CountingWebhook.Call held = webhook.trapped(PATIENCE.toSeconds())
                .orElseThrow(() -> new AssertionError("no apply arrived; logs: " + logs()));
        ServerProcess holder = instances.get(held.instance());
        ServerProcess taker = holder == a ? b : a;
        LeaseRow before = lease().orElseThrow(() -> new AssertionError("no lease row for " + LOCK));
        assertThat(before.owner()).as("the holder's lease while it is inside apply").isPresent();
        long t1 = before.token();
        assertThat(actionToken(id)).as("the token the holder wrote in_progress with").isEqualTo(t1);

        // 2. Frozen: nothing in it runs, so nothing renews its lease. The lease must run out by itself.
        CountDownLatch releaseTaker = webhook.holdNext(); // the next apply call is the taker's
        holder.pause();
        long t2;
        try {
            // Redis keeps nothing the fencing depends on: losing it now changes no token.
            redis.restart(Duration.ZERO);
            await(() -> lease().map(l -> l.token() > t1).orElse(false), "the other instance to take the lease over");
            LeaseRow taken = lease().orElseThrow();
            assertThat(taken.owner()).isPresent().isNotEqualTo(before.owner());
            assertThat(before.expiresAt()).as("the frozen holder's lease ran out, nothing renewed it")
                    .isBefore(Instant.now());
            CountingWebhook.Call takerCall = webhook.trapped(PATIENCE.toSeconds())
                    .orElseThrow(() -> new AssertionError("the taker never applied; logs: " + logs()));
            assertThat(takerCall.instance()).isEqualTo(taker.name);
            t2 = taken.token();
            assertThat(t2).isGreaterThan(t1);
            assertThat(actionState(id)).isEqualTo("in_progress");

            // 3. Continued while the taker is inside apply: its own apply call is answered, and its write of
            //    the outcome carries t1 < t2. It must be refused: the fence line names t1 and a token of t2 or
            //    later (the taker's lease also runs out while its call is held, so a third lease may come).
            releaseHolder.countDown();
            holder.resume();
            Pattern fenced = Pattern.compile("action " + id + ": fenced out by a newer lease holder \\(token " + t1
                    + " < (\\d+)\\)");
            await(() -> fenced.matcher(logOf(holder)).find() || storedResponse(id).map(n -> n == held.number()).orElse(false),
                    "the continued holder to try its late write");
            assertThat(storedResponse(id)).as("the stale holder's apply response was stored; its log: " + holder.log)
                    .isNotEqualTo(Optional.of(held.number()));
            Matcher refused = fenced.matcher(logOf(holder));
            assertThat(refused.find()).as("the log of the continued holder, " + holder.log).isTrue();
            assertThat(Long.parseLong(refused.group(1))).isGreaterThanOrEqualTo(t2);
            LeaseRow afterResume = lease().orElseThrow();
            assertThat(afterResume.token()).as("tokens never go back").isGreaterThanOrEqualTo(t2);
            assertThat(afterResume.owner()).as("the continued holder's lease did not come back").isNotEqualTo(before.owner());
        } finally {
            releaseHolder.countDown();
            releaseTaker.countDown();
            holder.resume();
        }

        // 4. Completed once (by the taker, or by a later lease if the taker's ran out while its call was held),
        //    with seq 1..n and each state entered once, from a call made after the takeover.
        awaitState(taker, id, "completed");
        db.assertEventsOnce(id);
        assertThat(storedResponse(id)).as("the response the action stored").hasValueSatisfying(n ->
                assertThat(n).isGreaterThan(held.number()));
        List<CountingWebhook.Call> calls = webhook.callsFor(id);
        assertThat(calls).extracting(CountingWebhook.Call::idempotencyKey).containsOnly(id);
        assertThat(calls).extracting(CountingWebhook.Call::instance).contains(holder.name, taker.name);
        assertThat(actionToken(id)).isGreaterThanOrEqualTo(t2);
        assertThat(lease().orElseThrow().token()).as("tokens never go back").isGreaterThanOrEqualTo(actionToken(id));
        assertThat(redis.command("KEYS fence:lock:*")).as("no lease lives in Redis").isEqualTo("*0");
        var verify = send(taker, "GET", "/api/v1/ledger/verify", alice, null, null);
        assertThat(json(verify.body())).as(verify.body()).containsEntry("ok", true);
    }

    private Optional<LeaseRow> lease() {
        return query("SELECT owner, token, expires_at FROM locks WHERE tenant_id = 'default' AND name = ?", LOCK,
                rs -> new LeaseRow(Optional.ofNullable(rs.getString(1)), rs.getLong(2), rs.getTimestamp(3).toInstant()));
    }

    private long actionToken(String id) {
        return query("SELECT fencing_token FROM actions WHERE id = ?", id, rs -> rs.getLong(1)).orElseThrow();
    }

    private String actionState(String id) {
        return query("SELECT state FROM actions WHERE id = ?", id, rs -> rs.getString(1)).orElseThrow();
    }

    /** Which webhook call's answer the action stored as applied (CountingWebhook numbers them); empty before. */
    private Optional<Integer> storedResponse(String id) {
        return query("SELECT data->'response'->>'body' FROM action_events WHERE action_id = ? AND state = 'verifying'", id,
                rs -> rs.getString(1)).map(body -> {
                    try {
                        return ((Number) json(body).get("call")).intValue();
                    } catch (IOException e) {
                        throw new AssertionError("not the webhook's answer: " + body, e);
                    }
                });
    }

    private interface Row<T> {
        T read(java.sql.ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, String parameter, Row<T> row) {
        try (Connection c = DriverManager.getConnection(db.url(), "postgres", ""); var st = c.prepareStatement(sql)) {
            st.setString(1, parameter);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private String logOf(ServerProcess p) {
        try {
            return Files.readString(p.log);
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> logs() {
        return instances.values().stream().map(p -> p.log.toString()).toList();
    }

    /** Polls (no speed assumed: a loaded machine only makes it wait longer). */
    private void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + PATIENCE + " for " + what + "; logs: " + logs());
            Thread.sleep(100);
        }
    }

    private void putPublicBucket(ServerProcess on) throws Exception {
        String resource = "arn:aws:s3:::" + BUCKET;
        String body = "{\"id\":\"" + resource + "\",\"type\":\"aws.s3.bucket\",\"name\":\"" + BUCKET + "\",\"properties\":"
                + "{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[{\"grantee\":\"AllUsers\","
                + "\"permission\":\"Read\"}]}}}}";
        var r = send(on, "PUT", "/api/v1/resources/" + ResourceKeys.keyOf(resource), alice, "application/json", body);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    @SuppressWarnings("unchecked")
    private String openFinding(ServerProcess on) throws Exception {
        List<Map<String, Object>> items = List.of();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (items.isEmpty() && System.nanoTime() < deadline) {
            var r = send(on, "GET", "/api/v1/findings?status=open&policy_id=" + POLICY, alice, null, null);
            items = (List<Map<String, Object>>) json(r.body()).get("items");
            if (items.isEmpty()) Thread.sleep(100);
        }
        assertThat(items).hasSize(1);
        return (String) items.getFirst().get("id");
    }

    /** POST /actions (dry_run false) on {@code on}, waits for the plan, approves it on {@code approver}. */
    private String requestAndApprove(ServerProcess on, ServerProcess approver, String findingId) throws Exception {
        var created = send(on, "POST", "/api/v1/actions", alice, "application/json",
                "{\"finding_id\":\"" + findingId + "\",\"dry_run\":false,\"reason\":\"stopped holder\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = (String) json(created.body()).get("id");
        awaitState(approver, id, "planned");
        var approved = send(approver, "POST", "/api/v1/actions/" + id + "/approve", bob, "application/json", "{\"comment\":\"ok\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return id;
    }

    private void awaitState(ServerProcess on, String actionId, String state) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send(on, "GET", "/api/v1/actions/" + actionId, alice, null, null).body();
            if (body.contains("\"state\":\"" + state + "\"")) return;
            Thread.sleep(100);
        }
        throw new AssertionError("action " + actionId + " not " + state + " within " + PATIENCE + " on " + on.name
                + ": " + body + "; logs: " + logs());
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
}
