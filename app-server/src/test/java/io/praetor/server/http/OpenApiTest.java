package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document, the routes the server registered and API.md's endpoint list (written
 * out here) are the same set; and every documented operation is served (never the "no route" 404).
 */
class OpenApiTest {
    /** Every endpoint of API.md. */
    static final Set<String> API_MD = Set.of(
            "GET /healthz", "GET /readyz", "GET /prometheus",
            "GET /api/v1/openapi.json", "GET /api/v1/console/config", "POST /api/v1/dev/token",
            "POST /api/v1/inventory/snapshots", "POST /api/v1/inventory/sources", "GET /api/v1/inventory/sources",
            "POST /api/v1/inventory/sources/{id}/sync",
            "GET /api/v1/resources", "GET /api/v1/resources/{key}", "PUT /api/v1/resources/{key}",
            "DELETE /api/v1/resources/{key}",
            "GET /api/v1/policies", "GET /api/v1/policies/{id}", "PUT /api/v1/policies/{id}",
            "DELETE /api/v1/policies/{id}", "POST /api/v1/policies:validate", "POST /api/v1/policies:test",
            "POST /api/v1/scans", "GET /api/v1/findings", "GET /api/v1/findings/{id}",
            "POST /api/v1/exemptions", "GET /api/v1/exemptions", "DELETE /api/v1/exemptions/{id}",
            "GET /api/v1/metrics",
            "POST /api/v1/actions", "GET /api/v1/actions", "GET /api/v1/actions/{id}",
            "POST /api/v1/actions/{id}/approve", "POST /api/v1/actions/{id}/run", "POST /api/v1/actions/{id}/cancel",
            "POST /api/v1/actions/{id}/rollback", "POST /api/v1/actions/{id}/redrive",
            "GET /api/v1/actions/{id}/events", "GET /api/v1/actions/{id}/bundle", "GET /api/v1/actions/{id}/bundle/verify",
            "GET /api/v1/events",
            "POST /api/v1/elevations", "GET /api/v1/elevations", "POST /api/v1/elevations/{id}/approve",
            "POST /api/v1/elevations/{id}/reject", "DELETE /api/v1/elevations/{id}",
            "GET /api/v1/evidence", "GET /api/v1/evidence/{sha256}",
            "GET /api/v1/ledger", "GET /api/v1/ledger/head", "GET /api/v1/ledger/proof/inclusion",
            "GET /api/v1/ledger/proof/consistency", "GET /api/v1/ledger/verify", "GET /api/v1/ledger/public-key",
            "GET /api/v1/ledger/export",
            "POST /api/v1/ai/analyses", "POST /api/v1/ai/policies:generate", "GET /api/v1/ai/predictions",
            "POST /api/v1/assistant/chat");

    private static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented() {
        var r = api.get("/api/v1/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> doc = r.json();
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Set<String> ops = new TreeSet<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) ->
                item.keySet().forEach(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return ops;
    }

    @Test
    void document_registeredRoutes_andApiMd_agree() {
        Set<String> documented = documented();
        assertThat(new TreeSet<>(api.server.api().registeredRoutes())).isEqualTo(documented);
        assertThat(documented).isEqualTo(new TreeSet<>(API_MD));
    }

    @Test
    void everyDocumentedOperation_isServed() {
        String token = api.token("acme", "root", Role.ADMIN);
        for (String op : documented()) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1).replaceAll("\\{[a-z0-9_]+}", "x");
            int status;
            String body = "";
            if (path.endsWith("/events")) {
                try (SseReader s = new SseReader(api.client, api.base + path, token, Map.of())) {
                    status = s.status;
                    body = s.errorBody;
                }
            } else {
                var r = api.send(method, path, Optional.of(token), Optional.of("application/json"),
                        TestServer.bytes(method.equals("POST") || method.equals("PUT") ? "{}" : ""), Map.of());
                status = r.status();
                body = r.body();
            }
            assertThat(status).as(op).isNotEqualTo(405);
            assertThat(body).as(op).doesNotContain("no route");
        }
    }
}
