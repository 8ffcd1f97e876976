package io.praetor.reliability;

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

/** The wired server (embedded adapters unless the environment says otherwise) on a free loopback port, with a JDK client. */
final class LiveServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    final PraetorServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final Path dataDir;

    LiveServer(Map<String, String> env, InstantSource clock) {
        try {
            this.dataDir = Files.createTempDirectory("praetor-reliability");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>();
        all.put("PRAETOR_PORT", "0");
        all.put("PRAETOR_DATA_DIR", dataDir.toString());
        all.put("PRAETOR_RATE_LIMIT", "off");
        all.put("PRAETOR_SSE_HEARTBEAT_S", "1");
        all.putAll(env);
        PraetorConfig config = ConfigLoader.load(all, Optional.empty());
        this.server = ServerComponent.create(config, clock).server().start();
        this.base = server.url();
    }

    LiveServer(Map<String, String> env) {
        this(env, InstantSource.system());
    }

    String token(String tenant, String subject, Role... roles) {
        return Secrets.remember(server.devToken(tenant, subject, EnumSet.copyOf(Arrays.asList(roles)), Duration.ofMinutes(60))
                .orElseThrow());
    }

    /** An answer; {@code status} 0 means the server did not answer within the time limit. */
    record Res(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String contentType() {
            return header("content-type").orElse("");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not a JSON object: " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) json().get("items");
        }
    }

    /**
     * Sends one request. An event stream is read only up to its headers (then closed), so every
     * route answers in bounded time.
     */
    Res send(String method, String path, Optional<String> token, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        headers.forEach(b::header);
        // A stream never ends by itself: left on a pooled connection, the next request sent on that connection
        // would wait behind it. Streams get a connection (and client) of their own, closed with them.
        boolean stream = path.contains("/events");
        HttpClient sender = stream ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : client;
        try {
            HttpResponse<InputStream> r = sender.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            String ct = r.headers().firstValue("content-type").orElse("");
            String text;
            try (InputStream in = r.body()) {
                text = ct.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Res(r.statusCode(), r.headers().map(), text);
        } catch (HttpTimeoutException e) {
            return new Res(0, Map.of(), "no answer within " + timeout);
        } catch (IOException e) {
            // the connection closed without an answer: as bad as a hang for the fuzzer
            return new Res(-1, Map.of(), "connection closed without an answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (stream) sender.shutdownNow();
        }
    }

    Res send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        if (contentType != null) h.put("Content-Type", contentType);
        return send(method, path, Optional.ofNullable(token), h, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    Res get(String path, String token) {
        return send("GET", path, token, null, "", Map.of());
    }

    Res post(String path, String token, String json) {
        return send("POST", path, token, "application/json", json, Map.of());
    }

    Res post(String path, String token, String json, Map<String, String> headers) {
        return send("POST", path, token, "application/json", json, headers);
    }

    Res put(String path, String token, String contentType, String body) {
        return send("PUT", path, token, contentType, body, Map.of());
    }

    Res delete(String path, String token) {
        return send("DELETE", path, token, null, "", Map.of());
    }

    @Override
    public void close() {
        server.close();
    }
}
