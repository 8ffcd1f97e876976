package io.praetor.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.praetor.ports.Role;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real server on a free loopback port over the embedded adapters, and a small JDK HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    final PraetorServer server;
    private static final int LARGE_BODY = 1 << 20;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final Path dataDir;
    /** The database of this server when the suite runs on PostgreSQL ({@code -Dpraetor.e2e.store=postgres}). */
    private final Optional<String> database;

    private TestServer(Map<String, String> env, InstantSource clock) {
        try {
            this.dataDir = Files.createTempDirectory("praetor-http-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>();
        all.put("PRAETOR_PORT", "0");
        all.put("PRAETOR_DATA_DIR", dataDir.toString());
        all.put("PRAETOR_RATE_LIMIT", "off");
        all.put("PRAETOR_SSE_HEARTBEAT_S", "1");
        all.putAll(env);
        this.database = E2E_ON_POSTGRES && !env.containsKey("PRAETOR_STORE") ? Optional.of(createDatabase()) : Optional.empty();
        database.ifPresent(db -> {
            all.put("PRAETOR_STORE", "postgres");
            all.put("PRAETOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + db);
            all.put("PRAETOR_PG_USER", "postgres");
            all.put("PRAETOR_PG_APP_ROLE", "praetor_app_test");
        });
        PraetorConfig config = ConfigLoader.load(all, Optional.empty());
        this.server = ServerComponent.create(config, clock).server().start();
        this.base = server.url();
    }

    static TestServer start(Map<String, String> env) {
        return new TestServer(env, InstantSource.system());
    }

    /** With the server's clock under the test's control (tokens are still checked against real time). */
    static TestServer start(Map<String, String> env, InstantSource clock) {
        return new TestServer(env, clock);
    }

    String token(String tenant, String subject, Role... roles) {
        return server.devToken(tenant, subject, EnumSet.copyOf(Arrays.asList(roles)), Duration.ofMinutes(30)).orElseThrow();
    }

    record Res(int status, HttpHeadersView headers, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not a JSON object: " + body, e);
            }
        }

        String contentType() {
            return headers.first("content-type").orElse("");
        }
    }

    record HttpHeadersView(Map<String, List<String>> map) {
        Optional<String> first(String name) {
            return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    Res send(String method, String path, Optional<String> token, Optional<String> contentType, byte[] body,
             Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        contentType.ifPresent(t -> b.header("Content-Type", t));
        headers.forEach(b::header);
        // as curl does for large bodies: the server can refuse one (413) before it is sent, instead of
        // closing a connection the client is still writing to, which may reset it before the answer is read
        if (body.length > LARGE_BODY) b.expectContinue(true);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), new HttpHeadersView(r.headers().map()), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Res get(String path, String token) {
        return send("GET", path, Optional.ofNullable(token), Optional.empty(), new byte[0], Map.of());
    }

    Res post(String path, String token, String json) {
        return send("POST", path, Optional.ofNullable(token), Optional.of("application/json"), bytes(json), Map.of());
    }

    Res post(String path, String token, String json, Map<String, String> headers) {
        return send("POST", path, Optional.ofNullable(token), Optional.of("application/json"), bytes(json), headers);
    }

    Res put(String path, String token, String contentType, String body) {
        return send("PUT", path, Optional.ofNullable(token), Optional.of(contentType), bytes(body), Map.of());
    }

    Res delete(String path, String token) {
        return send("DELETE", path, Optional.ofNullable(token), Optional.empty(), new byte[0], Map.of());
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        database.ifPresent(db -> {
            try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not drop the test database " + db, e);
            }
        });
    }

    /**
     * The HTTP suite runs on the embedded stores by default; {@code -Dpraetor.e2e.store=postgres}
     * runs each of its servers on a PostgreSQL database of its own (127.0.0.1:5432, user postgres).
     */
    private static final boolean E2E_ON_POSTGRES = "postgres".equals(System.getProperty("praetor.e2e.store", "memory"));

    private static String createDatabase() {
        String db = "praetor_e2e_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + db);
            return db;
        } catch (java.sql.SQLException e) {
            throw new AssertionError("-Dpraetor.e2e.store=postgres needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust): "
                    + e.getMessage(), e);
        }
    }
}
