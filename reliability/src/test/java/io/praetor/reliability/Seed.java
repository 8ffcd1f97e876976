package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A tenant with something of everything: the AWS Config sample, a policy whose remediation is the
 * {@code ticket} webhook, its open finding and a planned action on it, an exemption and a pending
 * elevation. Ids of each for the tests that address them.
 */
record Seed(String tenant, String admin, String operator, String approver, String viewer,
            String policyId, String resourceKey, String resourceId, String findingId, String actionId,
            String exemptionId, String elevationId) {

    /** The seeded policy (app-server's shared fixture): manual, remediated by the {@code ticket} webhook. */
    static final String POLICY = Fixtures.PUBLIC_BUCKET_POLICY;

    static Seed create(TestServer api, String tenant) {
        String admin = api.token(tenant, tenant + "-admin", Role.ADMIN);
        String operator = api.token(tenant, tenant + "-operator", Role.OPERATOR);
        String approver = api.token(tenant, tenant + "-approver", Role.APPROVER);
        String viewer = api.token(tenant, tenant + "-viewer", Role.VIEWER);
        expect(api.put("/api/v1/policies/s3-no-public-acl", admin, "application/yaml", POLICY), 200);
        expect(api.send("POST", "/api/v1/inventory/snapshots?format=aws-config&full=true", operator, "application/json",
                Fixtures.awsConfigSnapshot(), Map.of()), 200);
        List<Map<String, Object>> findings = expect(api.get("/api/v1/findings?status=open&policy_id=s3-no-public-acl", viewer), 200).items();
        assertThat(findings).hasSize(1);
        Map<String, Object> finding = findings.getFirst();
        String findingId = (String) finding.get("id");
        String resourceId = (String) finding.get("resource_id");
        String action = (String) expect(api.post("/api/v1/actions", operator,
                "{\"finding_id\":\"" + findingId + "\",\"dry_run\":true,\"reason\":\"seed\"}"), 202).json().get("id");
        awaitState(api, viewer, action, "planned");
        // an exemption on another resource than the finding's, so the finding stays open
        String exemption = (String) expect(api.post("/api/v1/exemptions", admin,
                "{\"policy_id\":\"s3-no-public-acl\",\"resource_id\":\"arn:aws:s3:::acme-private-data\",\"reason\":\"seed\","
                        + "\"expires_at\":\"2099-01-01T00:00:00Z\"}"), 201, 200).json().get("id");
        String elevation = (String) expect(api.post("/api/v1/elevations", approver,
                "{\"reason\":\"seed\",\"duration_minutes\":30}"), 201, 200).json().get("id");
        return new Seed(tenant, admin, operator, approver, viewer, "s3-no-public-acl", (String) finding.get("resource_key"),
                resourceId, findingId, action, exemption, elevation);
    }

    static TestServer.Res expect(TestServer.Res r, int... statuses) {
        for (int s : statuses) if (r.status() == s) return r;
        throw new AssertionError("expected " + java.util.Arrays.toString(statuses) + " but got " + r.status() + ": " + r.body());
    }

    /** Waits until the action is in {@code state} (20 s at most). */
    static Map<String, Object> awaitState(TestServer api, String token, String actionId, String... states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Object> a;
        do {
            a = expect(api.get("/api/v1/actions/" + actionId, token), 200).json();
            if (List.of(states).contains(a.get("state"))) return a;
            sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("action " + actionId + " not in " + List.of(states) + " within 20 s: " + a);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tenant's state as its reads show it: ledger size and root, and every list. Two equal
     * fingerprints mean nothing was written in between.
     */
    static String fingerprint(TestServer api, String token) {
        StringBuilder sb = new StringBuilder();
        for (String path : List.of("/api/v1/ledger/verify", "/api/v1/resources?limit=500", "/api/v1/policies",
                "/api/v1/findings?limit=500", "/api/v1/exemptions", "/api/v1/actions?limit=500", "/api/v1/elevations",
                "/api/v1/inventory/sources")) {
            TestServer.Res r = api.get(path, token);
            sb.append(path).append(' ').append(r.status()).append(' ').append(r.body()).append('\n');
        }
        return sb.toString();
    }

    private static final List<String> MOVING = List.of("\"state\":\"queued\"", "\"state\":\"preflight\"",
            "\"state\":\"in_progress\"", "\"state\":\"verifying\"");

    /**
     * The fingerprint once no action is between states and two readings 30 ms apart agree
     * (background work settled); 10 s at most.
     */
    static String stableFingerprint(TestServer api, String token) {
        String last = fingerprint(api, token);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            sleep(30);
            String now = fingerprint(api, token);
            if (now.equals(last) && MOVING.stream().noneMatch(now::contains)) return now;
            last = now;
        }
        throw new AssertionError("the tenant's state kept changing for 10 s");
    }
}
