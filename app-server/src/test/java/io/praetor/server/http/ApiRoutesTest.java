package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shapes of API.md's routes beyond the walkthrough: pagination, filters, policy validation and tests, elevations, sources, ledger. */
class ApiRoutesTest {
    private static TestServer api;
    private static String admin;
    private static String operator;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
        admin = api.token("acme", "root", Role.ADMIN);
        operator = api.token("acme", "alice", Role.OPERATOR);
        api.put("/api/v1/policies/s3-no-public-acl", admin, "application/yaml", Fixtures.PUBLIC_BUCKET_POLICY);
        var r = api.send("POST", "/api/v1/inventory/snapshots?format=aws-config", Optional.of(operator),
                Optional.of("application/json"), TestServer.bytes(Fixtures.awsConfigSnapshot()), Map.of());
        assertThat(r.status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void resources_pageWithCursorsAndFilter() {
        List<Object> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = api.get("/api/v1/resources?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), operator).json();
            ((List<Map<String, Object>>) page.get("items")).forEach(r -> ids.add(r.get("id")));
            cursor = (String) page.get("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(ids).hasSize(10).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(4);

        var buckets = (List<Map<String, Object>>) api.get("/api/v1/resources?type=aws.s3.bucket", operator).json().get("items");
        assertThat(buckets).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("type", "aws.s3.bucket")
                .containsKeys("key", "provider", "region", "account", "tags", "properties", "source", "observed_at", "version"));
        assertThat(api.get("/api/v1/resources?limit=0", operator).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/findings?status=sleeping", operator).status()).isEqualTo(422);
    }

    @Test
    @SuppressWarnings("unchecked")
    void policyValidation_locatesErrors_andPolicyTests_report() {
        var ok = api.put("/api/v1/policies:validate".replace("PUT", ""), admin, "application/yaml", "");
        assertThat(ok.status()).isEqualTo(405);
        var valid = api.send("POST", "/api/v1/policies:validate", Optional.of(operator), Optional.of("application/yaml"),
                TestServer.bytes(Fixtures.PUBLIC_BUCKET_POLICY), Map.of());
        assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        assertThat(valid.json()).containsEntry("ok", true);

        String broken = Fixtures.PUBLIC_BUCKET_POLICY.replace("type(g.grantee) == string", "type(g.grantee) == = string");
        var invalid = api.send("POST", "/api/v1/policies:validate", Optional.of(operator), Optional.of("application/yaml"),
                TestServer.bytes(broken), Map.of());
        assertThat(invalid.status()).isEqualTo(422);
        Map<String, Object> error = ((List<Map<String, Object>>) invalid.json().get("errors")).getFirst();
        assertThat(error).containsKeys("line", "column", "message");
        assertThat((Long) error.get("line")).isGreaterThan(1);

        String body = "{\"policy\":" + TestServer.JSON.valueToTree(Fixtures.PUBLIC_BUCKET_POLICY)
                + ",\"resources\":[{\"id\":\"b1\",\"type\":\"aws.s3.bucket\",\"properties\":{\"supplementaryConfiguration\":"
                + "{\"AccessControlList\":{\"grantList\":[{\"grantee\":\"AllUsers\"}]}}}},{\"id\":\"b2\",\"type\":\"aws.s3.bucket\"}]}";
        var tested = api.post("/api/v1/policies:test", operator, body);
        assertThat(tested.status()).as(tested.body()).isEqualTo(200);
        assertThat(tested.json()).containsEntry("matches", List.of("b1"));
    }

    @Test
    void elevations_requestApproveRevoke_withTheirRules() {
        String approver = api.token("acme", "bob", Role.APPROVER);
        var requested = api.post("/api/v1/elevations", approver, "{\"reason\":\"destructive fix\",\"duration_minutes\":15}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        assertThat(requested.json()).containsEntry("state", "pending").containsEntry("principal", "bob");
        String id = (String) requested.json().get("id");
        assertThat(api.post("/api/v1/elevations", approver, "{\"reason\":\"x\",\"duration_minutes\":61}").status()).isEqualTo(422);

        var approved = api.post("/api/v1/elevations/" + id + "/approve", admin, "{}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json()).containsEntry("state", "active").containsEntry("approved_by", "root");
        assertThat(approved.json().get("expires_at")).isNotNull();

        var notTheirs = api.delete("/api/v1/elevations/" + id, operator);
        assertThat(notTheirs.status()).isEqualTo(403);
        var revoked = api.delete("/api/v1/elevations/" + id, approver);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json()).containsEntry("state", "revoked");
        assertThat(api.get("/api/v1/elevations?state=revoked", operator).body()).contains(id);
    }

    @Test
    void liveSourceOfAKindNotInstalled_isRejected() {
        var r = api.post("/api/v1/inventory/sources", operator, "{\"id\":\"prod-az\",\"kind\":\"azure\",\"region\":\"westeurope\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body()).contains("/kind").contains("installed: s3");
        assertThat(api.get("/api/v1/inventory/sources", operator).body()).doesNotContain("prod-az");
        assertThat(api.post("/api/v1/inventory/sources/prod-az/sync", operator, "{}").status()).isEqualTo(404);
    }

    @Test
    void liveSource_secretsAreRefusedAndBadSettingsNamed() {
        var secret = api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"secret_access_key\":\"hunter2\"}");
        assertThat(secret.status()).isEqualTo(422);
        assertThat(secret.body()).contains("/secret_access_key").doesNotContain("hunter2");
        var inline = api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"credentials\":{\"access_key_id\":\"a\",\"secret_access_key\":\"hunter2\"}}");
        assertThat(inline.status()).isEqualTo(422);
        assertThat(inline.body()).contains("/credentials").doesNotContain("hunter2");
        assertThat(api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"credentials\":\"nobody-has-these\"}").body()).contains("/credentials");
        assertThat(api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"schedule\":\"often\"}").body()).contains("/schedule");
        assertThat(api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"endpoint\":\"ftp://x\"}").status()).isEqualTo(422);
        var ok = api.post("/api/v1/inventory/sources", operator,
                "{\"id\":\"lab\",\"kind\":\"s3\",\"endpoint\":\"http://127.0.0.1:1\",\"schedule\":\"15m\",\"path_style\":true}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json()).containsEntry("schedule", "PT15M").containsEntry("path_style", true)
                .containsEntry("credentials", null).containsEntry("last_sync_at", null);
        // nothing listens on port 1: the sync fails as a dependency, and nothing is deleted
        assertThat(api.post("/api/v1/inventory/sources/lab/sync", operator, "{}").status()).isEqualTo(503);
    }

    @Test
    @SuppressWarnings("unchecked")
    void ledger_entriesHeadProofsAndExport() {
        api.post("/api/v1/scans", operator, "{}");
        var head = api.get("/api/v1/ledger/head", operator).json();
        long size = (Long) head.get("tree_size");
        assertThat(head).containsKeys("root_hash", "timestamp", "jws");
        var entries = (List<Map<String, Object>>) api.get("/api/v1/ledger?from=0&limit=5", operator).json().get("items");
        assertThat(entries).isNotEmpty();
        assertThat((Map<String, Object>) entries.getFirst().get("entry")).containsKeys("seq", "at", "tenant", "actor",
                "kind", "subject", "payload_sha256");
        if (size > 0) {
            var proof = api.get("/api/v1/ledger/proof/inclusion?seq=0&tree_size=" + size, operator);
            assertThat(proof.status()).as(proof.body()).isEqualTo(200);
            assertThat(proof.json()).containsEntry("root_hash", head.get("root_hash"));
        }
        assertThat(api.get("/api/v1/ledger/proof/inclusion?seq=0", operator).status()).isEqualTo(422);
        var jwk = api.get("/api/v1/ledger/public-key", operator);
        assertThat(jwk.json()).containsEntry("kty", "EC").doesNotContainKey("d");
        var export = api.get("/api/v1/ledger/export", operator);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().lines().toList().getLast()).contains("tree_head");
    }
}
