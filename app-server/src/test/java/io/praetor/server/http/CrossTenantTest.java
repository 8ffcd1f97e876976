package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Everything of tenant acme is 404 (or absent from listings) for an admin of tenant globex, both SSE streams included. */
class CrossTenantTest {
    private static WebhookSink sink;
    private static TestServer api;
    private static String acme;
    private static String globex;
    private static Map<String, Object> finding;
    private static String actionId;
    private static String exemptionId;
    private static String elevationId;
    private static String blobSha;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() throws Exception {
        sink = new WebhookSink();
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url()));
        acme = api.token("acme", "acme-admin", Role.ADMIN);
        globex = api.token("globex", "globex-admin", Role.ADMIN);
        assertThat(api.put("/api/v1/policies/s3-no-public-acl", acme, "application/yaml",
                Fixtures.PUBLIC_BUCKET_POLICY).status()).isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/inventory/snapshots?format=aws-config", Optional.of(acme),
                Optional.of("application/json"), TestServer.bytes(Fixtures.awsConfigSnapshot()), Map.of()).status())
                .isEqualTo(200);
        finding = ((List<Map<String, Object>>) api.get("/api/v1/findings?status=open", acme).json().get("items")).getFirst();
        actionId = (String) api.post("/api/v1/actions", acme, "{\"finding_id\":\"" + finding.get("id") + "\"}").json().get("id");
        try (SseReader s = new SseReader(api.client, api.base + "/api/v1/actions/" + actionId + "/events", acme, Map.of())) {
            s.until(e -> e.type().equals("action.planned"), Duration.ofSeconds(20));
        }
        exemptionId = (String) api.post("/api/v1/exemptions", acme, "{\"policy_id\":\"s3-no-public-acl\",\"resource_id\":\""
                + finding.get("resource_id") + "\",\"reason\":\"test\",\"expires_at\":\"2099-01-01T00:00:00Z\"}").json().get("id");
        elevationId = (String) api.post("/api/v1/elevations", api.token("acme", "op", Role.OPERATOR),
                "{\"reason\":\"fix\",\"duration_minutes\":30}").json().get("id");
        blobSha = (String) ((List<Map<String, Object>>) api.get("/api/v1/evidence", acme).json().get("items"))
                .getFirst().get("sha256");
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    @Test
    void everyObjectOfAnotherTenant_isNotFound() {
        String key = (String) finding.get("resource_key");
        List<String[]> calls = List.of(
                new String[] {"GET", "/api/v1/resources/" + key},
                new String[] {"DELETE", "/api/v1/resources/" + key},
                new String[] {"GET", "/api/v1/findings/" + finding.get("id")},
                new String[] {"GET", "/api/v1/policies/s3-no-public-acl"},
                new String[] {"DELETE", "/api/v1/policies/s3-no-public-acl"},
                new String[] {"DELETE", "/api/v1/exemptions/" + exemptionId},
                new String[] {"GET", "/api/v1/actions/" + actionId},
                new String[] {"POST", "/api/v1/actions/" + actionId + "/approve"},
                new String[] {"POST", "/api/v1/actions/" + actionId + "/run"},
                new String[] {"POST", "/api/v1/actions/" + actionId + "/cancel"},
                new String[] {"POST", "/api/v1/actions/" + actionId + "/rollback"},
                new String[] {"POST", "/api/v1/actions/" + actionId + "/redrive"},
                new String[] {"GET", "/api/v1/actions/" + actionId + "/bundle"},
                new String[] {"GET", "/api/v1/actions/" + actionId + "/bundle/verify"},
                new String[] {"POST", "/api/v1/elevations/" + elevationId + "/approve"},
                new String[] {"POST", "/api/v1/elevations/" + elevationId + "/reject"},
                new String[] {"DELETE", "/api/v1/elevations/" + elevationId},
                new String[] {"GET", "/api/v1/evidence/" + blobSha});
        for (String[] c : calls) {
            String body = c[0].equals("PUT") ? "{\"type\":\"aws.s3.bucket\"}" : c[0].equals("POST") ? "{}" : "";
            var r = api.send(c[0], c[1], Optional.of(globex), Optional.of("application/json"), TestServer.bytes(body), Map.of());
            assertThat(r.status()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void actionStreamOfAnotherTenant_isNotFound() {
        try (SseReader s = new SseReader(api.client, api.base + "/api/v1/actions/" + actionId + "/events", globex, Map.of())) {
            assertThat(s.status).isEqualTo(404);
            assertThat(s.errorBody).contains("not-found");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listingsAndTheTenantStream_showOnlyTheCallersTenant() throws Exception {
        for (String list : List.of("/api/v1/resources", "/api/v1/findings", "/api/v1/actions", "/api/v1/exemptions",
                "/api/v1/elevations", "/api/v1/evidence", "/api/v1/policies")) {
            assertThat((List<Object>) api.get(list, globex).json().get("items")).as(list).isEmpty();
        }
        assertThat(api.get("/api/v1/ledger/verify", globex).json()).containsEntry("size", 0L);
        var metrics = api.get("/api/v1/metrics", globex).json();
        assertThat(metrics).containsEntry("resources_total", 0L).containsEntry("findings_open", 0L);

        // globex's own stream starts at its own seq 1: none of acme's events reach it
        try (SseReader s = new SseReader(api.client, api.base + "/api/v1/events", globex, Map.of())) {
            String resource = "{\"type\":\"aws.s3.bucket\",\"name\":\"g\"}";
            assertThat(api.put("/api/v1/resources/" + io.praetor.ports.inventory.ResourceKeys.keyOf("globex-bucket"),
                    globex, "application/json", resource).status()).isEqualTo(200);
            var events = s.until(e -> e.type().equals("resource.changed"), Duration.ofSeconds(10));
            assertThat(events.getFirst().id()).isEqualTo(1);
            assertThat(events.getLast().data()).contains("globex-bucket").doesNotContain("acme");
        }
    }
}
