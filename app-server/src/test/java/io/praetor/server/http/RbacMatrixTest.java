package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every role against every registered route: the role table of API.md, written out here on its
 * own, decides 403 or not; a route this table does not know fails the test.
 */
class RbacMatrixTest {
    private static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> OPERATOR = EnumSet.of(Role.OPERATOR, Role.ADMIN);
    private static final Set<Role> APPROVER = EnumSet.of(Role.APPROVER, Role.ADMIN);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);

    /** API.md's table: who passes the role check of a route (empty: the route needs no token). */
    static Set<Role> allowed(String method, String path) {
        String p = path.replace("/api/v1", "");
        if (List.of("/healthz", "/readyz", "/prometheus", "/openapi.json", "/console/config", "/dev/token").contains(p)) {
            return Set.of();
        }
        if (method.equals("GET")) return ALL;
        if (method.equals("POST") && (p.equals("/policies:validate") || p.equals("/policies:test")
                || p.startsWith("/ai/") || p.equals("/assistant/chat"))) return ALL;
        if (method.equals("POST") && (p.startsWith("/inventory/") || p.equals("/scans") || p.equals("/actions")
                || p.equals("/actions/{id}/run") || p.equals("/actions/{id}/cancel"))) return OPERATOR;
        if ((method.equals("PUT") || method.equals("DELETE")) && p.startsWith("/resources/")) return OPERATOR;
        if (method.equals("POST") && p.equals("/elevations")) return EnumSet.of(Role.OPERATOR, Role.APPROVER, Role.ADMIN);
        if (method.equals("POST") && (p.equals("/actions/{id}/approve") || p.equals("/actions/{id}/rollback"))) return APPROVER;
        if ((method.equals("PUT") || method.equals("DELETE")) && p.startsWith("/policies/")) return ADMIN;
        if (method.equals("POST") && p.equals("/exemptions") || method.equals("DELETE") && p.startsWith("/exemptions/")) return ADMIN;
        if (method.equals("POST") && (p.equals("/actions/{id}/redrive") || p.equals("/elevations/{id}/approve")
                || p.equals("/elevations/{id}/reject"))) return ADMIN;
        // the holder may revoke their own elevation: the role gate lets everyone through, the use case decides
        if (method.equals("DELETE") && p.equals("/elevations/{id}")) return ALL;
        throw new AssertionError("route not in API.md's role table: " + method + " " + path);
    }

    @Test
    void everyRoleOnEveryRoute_getsExactlyWhatTheTableAllows() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String route : api.server.api().registeredRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            Set<Role> allowed = allowed(method, template);
            if (allowed.isEmpty()) continue;
            String path = template.replaceAll("\\{[a-z0-9_]+}", "does-not-exist");
            for (Role role : Role.values()) {
                String token = api.token("rbac", "user-" + role.wireName(), role);
                int status = call(method, path, token);
                boolean forbidden = status == 403;
                if (forbidden == allowed.contains(role) || status == 401) {
                    wrong.add(role.wireName() + " " + method + " " + path + " -> " + status);
                }
                checked++;
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void noToken_isUnauthorizedOnEveryProtectedRoute() {
        for (String route : api.server.api().registeredRoutes()) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            if (allowed(method, template).isEmpty()) continue;
            String path = template.replaceAll("\\{[a-z0-9_]+}", "x");
            assertThat(call(method, path, null)).as(route).isEqualTo(401);
        }
    }

    private static int call(String method, String path, String token) {
        if (path.endsWith("/events") && method.equals("GET") && token != null) {
            try (SseReader sse = new SseReader(api.client, api.base + path, token, Map.of())) {
                return sse.status;
            }
        }
        String type = path.contains("policies") && !method.equals("GET") ? "application/yaml" : "application/json";
        String body = method.equals("POST") || method.equals("PUT") ? (type.equals("application/yaml") ? "x: 1" : "{}") : "";
        return api.send(method, path, Optional.ofNullable(token), Optional.of(type), TestServer.bytes(body), Map.of()).status();
    }
}
