package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error is problem+json with the right status and slug; health, readiness, metrics and console support answer without a token. */
class ProblemsTest {
    private static TestServer api;
    private static String admin;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of("PRAETOR_BODY_LIMIT_MB", "1", "PRAETOR_INVENTORY_LIMIT_MB", "2",
                "PRAETOR_RATE_LIMIT", "30/m"));
        admin = api.token("acme", "root", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void assertProblem(TestServer.Res r, int status, String slug) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Map<String, Object> p = r.json();
        assertThat(p).containsEntry("type", "https://praetor.dev/problems/" + slug)
                .containsEntry("status", (long) status).containsKeys("title", "detail", "instance");
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("<html");
    }

    @Test
    void unknownRoute_isNotFound() {
        assertProblem(api.get("/api/v1/no-such-thing", admin), 404, "not-found");
        // outside /api/ a GET is the console's (see ConsoleTest); other methods are problems too
        assertProblem(api.delete("/nothing-here", null), 404, "not-found");
    }

    @Test
    void wrongMethod_isMethodNotAllowed() {
        assertProblem(api.delete("/api/v1/metrics", admin), 405, "method-not-allowed");
    }

    @Test
    void wrongContentType_isUnsupportedMediaType() {
        var r = api.send("POST", "/api/v1/actions", Optional.of(admin), Optional.of("text/plain"),
                TestServer.bytes("finding"), Map.of());
        assertProblem(r, 415, "unsupported-media-type");
    }

    @Test
    void aCommandWithoutBodyOrContentType_isAccepted() throws Exception {
        var r = api.send("POST", "/api/v1/scans", Optional.of(admin), Optional.empty(), new byte[0], Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // as curl -X POST sends it: no Content-Length, no Content-Type (here: an empty chunked body)
        var chunked = api.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base + "/api/v1/scans"))
                .header("Authorization", "Bearer " + admin)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> java.io.InputStream.nullInputStream()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void malformedJson_isBadRequestWithLineAndColumn() {
        var r = api.post("/api/v1/actions", admin, "{\n  \"finding_id\": ,\n}");
        assertProblem(r, 400, "malformed");
        Map<String, Object> error = ((List<Map<String, Object>>) r.json().get("errors")).getFirst();
        assertThat(error).containsEntry("line", 2L).containsKey("column").containsKey("message");
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidField_isValidationWithPointer() {
        var r = api.post("/api/v1/actions", admin, "{\"finding_id\": 42}");
        assertProblem(r, 422, "validation");
        assertThat(((List<Map<String, Object>>) r.json().get("errors")).getFirst()).containsEntry("pointer", "/finding_id");
    }

    @Test
    void oversizeBody_isPayloadTooLarge_withItsOwnLimitForInventory() {
        String big = "{\"x\":\"" + "a".repeat(1_500_000) + "\"}";
        assertProblem(api.post("/api/v1/actions", admin, big), 413, "payload-too-large");
        // 1.5 MB is within the inventory limit (2 MB)
        String padded = "{\"configurationItems\": []" + " ".repeat(1_500_000) + "}";
        var inventory = api.send("POST", "/api/v1/inventory/snapshots?format=aws-config", Optional.of(admin),
                Optional.of("application/json"), TestServer.bytes(padded), Map.of());
        assertThat(inventory.status()).as(inventory.body()).isEqualTo(200);
        String huge = "{\"x\":\"" + "a".repeat(2_500_000) + "\"}";
        assertProblem(api.send("POST", "/api/v1/inventory/snapshots?format=praetor", Optional.of(admin),
                Optional.of("application/json"), TestServer.bytes(huge), Map.of()), 413, "payload-too-large");
    }

    @Test
    void tooManyRequests_isRateLimitedWithRetryAfter() {
        String token = api.token("acme", "hasty", Role.VIEWER);
        TestServer.Res last = null;
        for (int i = 0; i < 40; i++) {
            last = api.get("/api/v1/policies", token);
            if (last.status() == 429) break;
        }
        assertProblem(last, 429, "rate-limited");
        assertThat(last.headers().first("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        // another principal of the same tenant has its own bucket
        assertThat(api.get("/api/v1/policies", api.token("acme", "calm", Role.VIEWER)).status()).isEqualTo(200);
    }

    @Test
    void approvingAMissingAction_isNotFound() {
        var r = api.post("/api/v1/actions/nope/approve", admin, "{}");
        assertProblem(r, 404, "not-found");
    }

    @Test
    void openRoutes_answerWithoutAToken() {
        assertThat(api.get("/healthz", null).status()).isEqualTo(200);
        var ready = api.get("/readyz", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).containsEntry("status", "ok").containsKey("adapters");
        api.get("/api/v1/metrics", admin);
        var prom = api.get("/prometheus", null);
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.body()).contains("praetor_http_requests_seconds_bucket").contains("route=\"/api/v1/metrics\"");
        var console = api.get("/api/v1/console/config", null).json();
        assertThat(console).containsEntry("dev_mode", true).containsEntry("oidc", null);
    }

    @Test
    void devToken_isMintedInDevMode() {
        var r = api.post("/api/v1/dev/token", null, "{\"tenant\":\"acme\",\"roles\":[\"viewer\"],\"sub\":\"eve\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String token = (String) r.json().get("token");
        assertThat(api.get("/api/v1/metrics", token).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/dev/token", null, "{\"tenant\":\"acme\",\"roles\":[\"root\"]}"), 422, "validation");
    }

    @Test
    void devToken_doesNotExistOutsideDevMode() {
        try (TestServer prod = TestServer.start(Map.of("PRAETOR_DEV_MODE", "false"))) {
            assertProblem(prod.post("/api/v1/dev/token", null, "{\"tenant\":\"acme\",\"roles\":[\"admin\"]}"), 404, "not-found");
            assertThat(prod.get("/api/v1/console/config", null).json()).containsEntry("dev_mode", false);
        }
    }

    @Test
    void aiRoutesWithBadInput_areValidationProblemsNamingTheField() {
        var chat = api.post("/api/v1/assistant/chat", admin, "{\"messages\":[]}");
        assertProblem(chat, 422, "validation");
        assertThat(chat.body()).contains("\"pointer\":\"/messages\"");
        var role = api.post("/api/v1/assistant/chat", admin, "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                Map.of("Accept", "text/event-stream"));
        assertProblem(role, 422, "validation");
        assertThat(role.body()).contains("/messages/0/role");
        assertProblem(api.post("/api/v1/ai/policies:generate", admin, "{}"), 422, "validation");
        assertProblem(api.post("/api/v1/ai/analyses", admin, "{\"scope\":{\"finding_ids\":\"f\"}}"), 422, "validation");
    }
}
