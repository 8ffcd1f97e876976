package io.praetor.server.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.praetor.ports.Role;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real server (the wired Dagger graph, in this JVM) on a free loopback port over the embedded
 * adapters unless the environment given says otherwise, and a small JDK HTTP client for it. Shared
 * by app-server's HTTP tests and the reliability suite (app-server's test jar).
 *
 * <p>An answer never throws: a request the server does not answer within its time limit has
 * status 0, one whose connection closed without an answer status -1 (a fuzzer counts both as
 * failures; a test asserting a status fails on them with the reason in the body).
 */
public final class TestServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final int LARGE_BODY = 1 << 20;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Every token a TestServer minted in this JVM, so a test can look for them in the logs. */
    private static final Set<String> MINTED = ConcurrentHashMap.newKeySet();

    public final PraetorServer server;
    public final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    public final String base;
    public final Path dataDir;
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

    public static TestServer start(Map<String, String> env) {
        return new TestServer(env, InstantSource.system());
    }

    /** With the server's clock under the test's control (tokens are still checked against real time). */
    public static TestServer start(Map<String, String> env, InstantSource clock) {
        return new TestServer(env, clock);
    }

    /** A dev-mode token of this server's issuer, valid for an hour. */
    public String token(String tenant, String subject, Role... roles) {
        String token = server.devToken(tenant, subject, EnumSet.copyOf(Arrays.asList(roles)), Duration.ofMinutes(60)).orElseThrow();
        MINTED.add(token);
        return token;
    }

    /** Every token minted by a TestServer in this JVM so far. */
    public static Set<String> mintedTokens() {
        return Set.copyOf(MINTED);
    }

    /** An answer; {@code status} 0: no answer within the time limit, -1: the connection closed without one. */
    public record Res(int status, HttpHeadersView headers, String body) {
        public Optional<String> header(String name) {
            return headers.first(name);
        }

        public String contentType() {
            return headers.first("content-type").orElse("");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not a JSON object (status " + status + "): " + body, e);
            }
        }

        /** The {@code items} of a list answer. */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) json().get("items");
        }
    }

    public record HttpHeadersView(Map<String, List<String>> map) {
        public Optional<String> first(String name) {
            return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /**
     * Sends one request. An event stream ({@code /events} routes, which never end by themselves) is
     * read only up to its headers and then closed, so every route answers in bounded time; it gets a
     * connection (and client) of its own, closed with it, because a stream left on a pooled
     * connection would make the next request sent on that connection wait behind it.
     */
    public Res send(String method, String path, Optional<String> token, Map<String, String> headers, byte[] body, Duration timeout) {
        return send(method, path, token, headers, body, timeout, path.contains("/events"));
    }

    private Res send(String method, String path, Optional<String> token, Map<String, String> headers, byte[] body, Duration timeout,
            boolean ownConnection) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        headers.forEach(b::header);
        // as curl does for large bodies: the server can refuse one (413) before it is sent, instead of
        // closing a connection the client is still writing to, which may reset it before the answer is read
        if (body.length > LARGE_BODY) b.expectContinue(true);
        boolean endless = path.contains("/events");
        HttpClient sender = ownConnection ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build() : client;
        try {
            HttpResponse<InputStream> r = sender.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            String ct = r.headers().firstValue("content-type").orElse("");
            String text;
            try (InputStream in = r.body()) {
                text = endless && ct.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Res(r.statusCode(), new HttpHeadersView(r.headers().map()), text);
        } catch (HttpTimeoutException e) {
            return new Res(0, new HttpHeadersView(Map.of()), "no answer within " + timeout);
        } catch (IOException e) {
            return new Res(-1, new HttpHeadersView(Map.of()), "connection closed without an answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (ownConnection) sender.shutdownNow();
        }
    }

    public Res send(String method, String path, Optional<String> token, Optional<String> contentType, byte[] body,
                    Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        contentType.ifPresent(t -> all.put("Content-Type", t));
        return send(method, path, token, all, body, DEFAULT_TIMEOUT);
    }

    /** {@code token} and {@code contentType} may be null (none sent). */
    public Res send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
        return send(method, path, Optional.ofNullable(token), Optional.ofNullable(contentType), bytes(body), headers);
    }

    public Res get(String path, String token) {
        return send("GET", path, Optional.ofNullable(token), Optional.empty(), new byte[0], Map.of());
    }

    public Res post(String path, String token, String json) {
        return send("POST", path, Optional.ofNullable(token), Optional.of("application/json"), bytes(json), Map.of());
    }

    public Res post(String path, String token, String json, Map<String, String> headers) {
        return send("POST", path, Optional.ofNullable(token), Optional.of("application/json"), bytes(json), headers);
    }

    public Res put(String path, String token, String contentType, String body) {
        return send("PUT", path, Optional.ofNullable(token), Optional.of(contentType), bytes(body), Map.of());
    }

    public Res delete(String path, String token) {
        return send("DELETE", path, Optional.ofNullable(token), Optional.empty(), new byte[0], Map.of());
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
