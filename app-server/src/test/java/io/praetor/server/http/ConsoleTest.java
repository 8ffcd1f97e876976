package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Outside /api/ the console's static files are served, falling back to its index.html (a test console is on the classpath). */
class ConsoleTest {
    private static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void rootAndClientRoutes_serveIndexHtml() {
        for (String path : new String[] {"/", "/findings/f-1", "/actions/a-1/events-view", "/missing.png"}) {
            var r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.contentType()).as(path).startsWith("text/html");
            assertThat(r.body()).contains("Praetor test console");
        }
    }

    @Test
    void exportedPages_areServedForTheirExtensionlessPath() {
        for (String path : new String[] {"/findings", "/findings/"}) {
            var r = api.get(path, null);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.contentType()).as(path).startsWith("text/html");
            assertThat(r.body()).as(path).contains("findings page");
        }
        assertThat(api.get("/findings/../index.html", null).body()).doesNotContain("findings page");
    }

    @Test
    void staticFiles_areServedWithTheirType() {
        var r = api.get("/app.js", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/javascript");
        assertThat(r.body()).contains("praetor test console");
    }

    @Test
    void apiPathsAndHealth_areNeverTheConsole() {
        var r = api.get("/api/v1/nothing", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/healthz", null).body()).contains("ok");
    }
}
