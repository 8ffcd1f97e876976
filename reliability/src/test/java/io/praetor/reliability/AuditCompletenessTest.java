package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every privileged route of the RBAC matrix, called once by a principal allowed to and once by one
 * who is not: the allowed call appends exactly one ledger entry of the kind API.md names, with the
 * caller as actor and the object as subject (executor entries, {@code action.state} and
 * {@code evidence.put}, aside); the refused call appends nothing. A write route this test does not
 * know fails it, so a new route cannot go unaudited unnoticed.
 */
@Order(4)
class AuditCompletenessTest {
    private static WebhookSink sink;
    private static TestServer api;
    private static final String T = "audit";
    private static String admin;
    private static String operator;
    private static String approver;
    private static String viewer;
    private static final Set<String> covered = new LinkedHashSet<>();
    private static final List<String> wrong = new ArrayList<>();
    private static int steps;
    private static String redriveNote = "";

    /** Write routes that are not privileged state changes, and why. */
    private static final Map<String, String> NOT_AUDITED = Map.of(
            "POST /api/v1/dev/token", "mints a dev token, changes no state",
            "POST /api/v1/policies:validate", "viewer-level compile, changes no state",
            "POST /api/v1/policies:test", "viewer-level evaluation, changes no state",
            "POST /api/v1/ai/analyses", "AI read (no adapter in this build)",
            "POST /api/v1/ai/policies:generate", "AI read (no adapter in this build)",
            "POST /api/v1/assistant/chat", "AI read (no adapter in this build)");

    @BeforeAll
    static void start() {
        sink = new WebhookSink();
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url() + ",broken=http://127.0.0.1:1/hook"));
        admin = api.token(T, "ada", Role.ADMIN);
        operator = api.token(T, "otto", Role.OPERATOR);
        approver = api.token(T, "april", Role.APPROVER);
        viewer = api.token(T, "vic", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    private static long size() {
        return (Long) api.get("/api/v1/ledger/verify", viewer).json().get("size");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entriesFrom(long from) {
        return api.get("/api/v1/ledger?from=" + from + "&limit=1000", viewer).items().stream()
                .map(l -> (Map<String, Object>) l.get("entry")).toList();
    }

    private static List<Map<String, Object>> requestEntriesFrom(long from) {
        return entriesFrom(from).stream().filter(e -> !List.of("action.state", "evidence.put").contains(e.get("kind"))).toList();
    }

    /**
     * One privileged call: first by {@code refused} (403, no entry), then by {@code allowed}; returns the
     * allowed call's answer. {@code subject} null: the answer's id.
     */
    private static TestServer.Res step(String route, String kind, String actor, String subject,
                                       Supplier<TestServer.Res> refusedCall, Supplier<TestServer.Res> call) {
        return stepAnswering(route, kind, actor, r -> subject != null ? subject : (String) r.json().get("id"), refusedCall, call);
    }

    private static TestServer.Res stepAnswering(String route, String kind, String actor, Function<TestServer.Res, String> subjectOf,
                                       Supplier<TestServer.Res> refusedCall, Supplier<TestServer.Res> call) {
        steps++;
        covered.add(route);
        Seed.stableFingerprint(api, admin);
        long before = size();
        if (refusedCall != null) {
            TestServer.Res no = refusedCall.get();
            if (no.status() != 403) wrong.add(route + ": the refused call answered " + no.status());
            List<Map<String, Object>> after = entriesFrom(before);
            if (!after.isEmpty()) wrong.add(route + ": a refused call was recorded: " + after);
        }
        TestServer.Res r = call.get();
        if (r.status() >= 300) {
            wrong.add(route + ": the allowed call answered " + r.status() + " " + r.body());
            return r;
        }
        List<Map<String, Object>> recorded = requestEntriesFrom(before);
        String expectedSubject = subjectOf.apply(r);
        if (recorded.size() != 1) {
            wrong.add(route + ": expected exactly one " + kind + " entry, found " + recorded);
        } else {
            Map<String, Object> e = recorded.getFirst();
            if (!kind.equals(e.get("kind"))) wrong.add(route + ": kind " + e.get("kind") + ", expected " + kind);
            if (!String.valueOf(e.get("actor")).contains(actor)) wrong.add(route + ": actor " + e.get("actor") + ", expected " + actor);
            if (!String.valueOf(e.get("subject")).equals(expectedSubject)) {
                wrong.add(route + ": subject " + e.get("subject") + ", expected " + expectedSubject);
            }
            if (!String.valueOf(e.get("payload_sha256")).matches("[0-9a-f]{64}")) wrong.add(route + ": payload hash " + e.get("payload_sha256"));
            if (!T.equals(e.get("tenant"))) wrong.add(route + ": tenant " + e.get("tenant"));
        }
        return r;
    }

    private static final String A = "/api/v1";

    @Test
    @SuppressWarnings("unchecked")
    void everyPrivilegedCall_recordsExactlyItsLedgerEntry() {
        step("PUT /api/v1/policies/{id}", "policy.put", "ada", "s3-no-public-acl",
                () -> api.put(A + "/policies/s3-no-public-acl", operator, "application/yaml", Seed.POLICY),
                () -> api.put(A + "/policies/s3-no-public-acl", admin, "application/yaml", Seed.POLICY));
        stepAnswering("POST /api/v1/inventory/snapshots", "inventory.import", "otto", r -> (String) r.json().get("snapshot_id"),
                () -> api.send("POST", A + "/inventory/snapshots?format=aws-config", viewer, "application/json",
                        Samples.INVENTORIES.get(1).text(), Map.of()),
                () -> api.send("POST", A + "/inventory/snapshots?format=aws-config", operator, "application/json",
                        Samples.INVENTORIES.get(1).text(), Map.of()));

        String id = "arn:aws:s3:::audit-bucket";
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
        String resource = "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"audit-bucket\",\"region\":\"eu-west-1\","
                + "\"account\":\"1\",\"tags\":{},\"properties\":{}}";
        step("PUT /api/v1/resources/{key}", "resource.put", "otto", id,
                () -> api.put(A + "/resources/" + key, viewer, "application/json", resource),
                () -> api.put(A + "/resources/" + key, operator, "application/json", resource));
        step("DELETE /api/v1/resources/{key}", "resource.delete", "otto", id,
                () -> api.delete(A + "/resources/" + key, viewer), () -> api.delete(A + "/resources/" + key, operator));
        stepAnswering("POST /api/v1/scans", "scan.run", "otto", r -> (String) r.json().get("scan_id"),
                () -> api.post(A + "/scans", viewer, "{}"), () -> api.post(A + "/scans", operator, "{}"));

        Map<String, Object> finding = api.get(A + "/findings?status=open", viewer).items().getFirst();
        String exemption = (String) step("POST /api/v1/exemptions", "exemption.create", "ada", null,
                () -> api.post(A + "/exemptions", approver, exemptionBody()),
                () -> api.post(A + "/exemptions", admin, exemptionBody())).json().get("id");
        step("DELETE /api/v1/exemptions/{id}", "exemption.delete", "ada", exemption,
                () -> api.delete(A + "/exemptions/" + exemption, operator), () -> api.delete(A + "/exemptions/" + exemption, admin));

        String actionBody = "{\"finding_id\":\"" + finding.get("id") + "\",\"dry_run\":true,\"reason\":\"audit\"}";
        String action = (String) step("POST /api/v1/actions", "action.create", "otto", null,
                () -> api.post(A + "/actions", approver, actionBody), () -> api.post(A + "/actions", operator, actionBody)).json().get("id");
        Seed.awaitState(api, viewer, action, "planned");
        step("POST /api/v1/actions/{id}/approve", "action.approve", "april", action,
                () -> api.post(A + "/actions/" + action + "/approve", operator, "{\"comment\":\"ok\"}"),
                () -> api.post(A + "/actions/" + action + "/approve", approver, "{\"comment\":\"ok\"}"));
        step("POST /api/v1/actions/{id}/run", "action.run", "otto", action,
                () -> api.post(A + "/actions/" + action + "/run", approver, "{}"),
                () -> api.post(A + "/actions/" + action + "/run", operator, "{}"));
        Seed.awaitState(api, viewer, action, "completed");
        step("POST /api/v1/actions/{id}/rollback", "action.rollback", "april", action,
                () -> api.post(A + "/actions/" + action + "/rollback", operator, "{}"),
                () -> api.post(A + "/actions/" + action + "/rollback", approver, "{}"));

        String second = (String) api.post(A + "/actions", operator, actionBody).json().get("id");
        Seed.awaitState(api, viewer, second, "planned");
        step("POST /api/v1/actions/{id}/cancel", "action.cancel", "otto", second,
                () -> api.post(A + "/actions/" + second + "/cancel", viewer, "{}"),
                () -> api.post(A + "/actions/" + second + "/cancel", operator, "{}"));

        // an action whose webhook cannot be reached: failed (then redriven) or rolled back (nothing to redrive)
        String broken = (String) Seed.expect(api.post(A + "/actions", operator, "{\"resource_id\":\"" + finding.get("resource_id")
                + "\",\"handler\":\"http.webhook\",\"params\":{\"endpoint\":\"broken\"},\"dry_run\":true,\"reason\":\"audit\"}"), 202)
                .json().get("id");
        String end = (String) Seed.awaitState(api, viewer, broken, "planned", "failed").get("state");
        if (end.equals("planned")) {
            Seed.expect(api.post(A + "/actions/" + broken + "/approve", approver, "{}"), 200);
            Seed.expect(api.post(A + "/actions/" + broken + "/run", operator, "{}"), 202);
            end = awaitLong(broken, "failed", "rolled_back");
        }
        if (end.equals("failed")) {
            step("POST /api/v1/actions/{id}/redrive", "action.redrive", "ada", broken,
                    () -> api.post(A + "/actions/" + broken + "/redrive", approver, "{}"),
                    () -> api.post(A + "/actions/" + broken + "/redrive", admin, "{}"));
        } else {
            // only a failed action can be redriven: the refusal of any other must record nothing
            covered.add("POST /api/v1/actions/{id}/redrive");
            Seed.stableFingerprint(api, admin);
            long at = size();
            TestServer.Res r = api.post(A + "/actions/" + broken + "/redrive", admin, "{}");
            if (r.status() != 409) wrong.add("redrive of a " + end + " action answered " + r.status());
            if (!requestEntriesFrom(at).isEmpty()) wrong.add("a refused redrive was recorded: " + requestEntriesFrom(at));
            redriveNote = "redrive: the unreachable webhook ended " + end + ", so only its refusal (409, no entry) was checked";
        }

        String elevation = (String) step("POST /api/v1/elevations", "elevation.request", "otto", null,
                () -> api.post(A + "/elevations", viewer, "{\"reason\":\"audit\",\"duration_minutes\":5}"),
                () -> api.post(A + "/elevations", operator, "{\"reason\":\"audit\",\"duration_minutes\":5}")).json().get("id");
        step("POST /api/v1/elevations/{id}/approve", "elevation.approve", "ada", elevation,
                () -> api.post(A + "/elevations/" + elevation + "/approve", approver, "{}"),
                () -> api.post(A + "/elevations/" + elevation + "/approve", admin, "{}"));
        step("DELETE /api/v1/elevations/{id}", "elevation.revoke", "otto", elevation,
                () -> api.delete(A + "/elevations/" + elevation, approver), () -> api.delete(A + "/elevations/" + elevation, operator));
        String rejected = (String) api.post(A + "/elevations", approver, "{\"reason\":\"audit\",\"duration_minutes\":5}").json().get("id");
        step("POST /api/v1/elevations/{id}/reject", "elevation.reject", "ada", rejected,
                () -> api.post(A + "/elevations/" + rejected + "/reject", operator, "{}"),
                () -> api.post(A + "/elevations/" + rejected + "/reject", admin, "{}"));
        step("DELETE /api/v1/policies/{id}", "policy.delete", "ada", "s3-no-public-acl",
                () -> api.delete(A + "/policies/s3-no-public-acl", operator), () -> api.delete(A + "/policies/s3-no-public-acl", admin));

        // live sources: registering one is audited; a sync of a source whose endpoint cannot be reached (no S3
        // server here; a reachable one is synced and audited in app-server's S3LiveEndToEndTest) changes nothing,
        // answers 503 dependency-unavailable and records nothing, and neither does a refused one
        String sourceBody = "{\"id\":\"audit-s3\",\"kind\":\"s3\",\"endpoint\":\"http://127.0.0.1:9\"}";
        step("POST /api/v1/inventory/sources", "inventory.source.create", "otto", "audit-s3",
                () -> api.post(A + "/inventory/sources", viewer, sourceBody),
                () -> api.post(A + "/inventory/sources", operator, sourceBody));
        steps++;
        covered.add("POST /api/v1/inventory/sources/{id}/sync");
        long before = size();
        TestServer.Res refusedSync = api.post(A + "/inventory/sources/audit-s3/sync", viewer, "{}");
        if (refusedSync.status() != 403) wrong.add("sync: the refused call answered " + refusedSync.status());
        TestServer.Res sync = api.post(A + "/inventory/sources/audit-s3/sync", operator, "{}");
        if (sync.status() != 503 || !sync.body().contains("dependency-unavailable")) {
            wrong.add("sync of an unreachable source answered " + sync.status() + " " + sync.body());
        }
        if (!requestEntriesFrom(before).isEmpty()) wrong.add("a failed or refused sync was recorded: " + requestEntriesFrom(before));

        for (String route : api.server.api().registeredRoutes()) {
            if (route.startsWith("GET ") || NOT_AUDITED.containsKey(route) || route.startsWith("POST /api/v1/ai/")) continue;
            if (!covered.contains(route)) wrong.add("write route not audited by this test: " + route);
        }
        Map<String, Object> verify = api.get(A + "/ledger/verify", viewer).json();
        if (!Boolean.TRUE.equals(verify.get("ok"))) wrong.add("ledger does not verify: " + verify);
        ReliabilityReport.record("audit: every privileged route records exactly its ledger entry", steps, wrong.size(), 0,
                covered.size() + " write routes; refused calls record nothing; ledger verifies (size " + verify.get("size") + ")");
        assertThat(wrong).isEmpty();
    }

    private static String exemptionBody() {
        return "{\"policy_id\":\"s3-no-public-acl\",\"resource_id\":\"arn:aws:s3:::acme-private-data\",\"reason\":\"audit\","
                + "\"expires_at\":\"2099-01-01T00:00:00Z\"}";
    }

    private static String awaitLong(String action, String... states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Object s = null;
        while (System.nanoTime() < deadline) {
            s = api.get(A + "/actions/" + action, viewer).json().get("state");
            if (List.of(states).contains(s)) return (String) s;
            Seed.sleep(200);
        }
        throw new AssertionError("action " + action + " still " + s + " after 60 s");
    }
}
