package io.praetor.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.server.config.ConfigException;
import io.praetor.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The component builds the embedded default, and refuses adapters this build does not have, naming the variable. */
class AdapterSelectionTest {
    @TempDir
    Path data;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("PRAETOR_DATA_DIR", data.toString());
        env.put("PRAETOR_PORT", "0");
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    @ParameterizedTest
    @CsvSource({
            "PRAETOR_STORE, postgres, PRAETOR_PG_URL, jdbc:postgresql://127.0.0.1/x, PRAETOR_STORE",
            "PRAETOR_BUS, nats, PRAETOR_NATS_URL, nats://127.0.0.1:4222, PRAETOR_BUS",
            "PRAETOR_BUS, kafka, PRAETOR_KAFKA_BOOTSTRAP, 127.0.0.1:9092, PRAETOR_BUS",
            "PRAETOR_EVIDENCE, s3, PRAETOR_S3_BUCKET, b, PRAETOR_EVIDENCE",
            "PRAETOR_AI_URL, http://127.0.0.1:1/v1, PRAETOR_AI_MODEL, m, PRAETOR_AI_URL"})
    void anAdapterNotInThisBuild_stopsStartUpNamingTheVariable(String k1, String v1, String k2, String v2, String named) {
        var config = ConfigLoader.load(env(k1, v1, k2, v2), Optional.empty());
        assertThatThrownBy(() -> ServerComponent.create(config, InstantSource.system()).server())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(named + ": ")
                .hasMessageContaining("not installed");
    }

    @Test
    void anUnreachableOidcIssuer_stopsStartUpNamingTheVariable() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = ConfigLoader.load(env("PRAETOR_OIDC_ISSUER", "http://127.0.0.1:" + closedPort + "/idp"),
                Optional.empty());
        assertThatThrownBy(() -> ServerComponent.create(config, InstantSource.system()).server())
                .isInstanceOf(io.praetor.ports.PraetorException.class)
                .hasMessageStartingWith("PRAETOR_OIDC_ISSUER: ");
    }

    @Test
    void redis_frontsCacheAndRateLimitsAndShowsInReadiness() throws Exception {
        var config = ConfigLoader.load(env("PRAETOR_REDIS_URL", "redis://127.0.0.1:6379",
                "PRAETOR_REDIS_PREFIX", "praetor-test-" + java.util.UUID.randomUUID()), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            String ready = readyz(server);
            assertThat(ready).containsPattern("\"redis\":\\{[^}]*\"status\":\"ok\"");
        }
    }

    @Test
    void anUnreachableRedis_isDegradedNotDown_andRequestsStillPass() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = ConfigLoader.load(env("PRAETOR_REDIS_URL", "redis://127.0.0.1:" + closedPort), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            assertThat(readyz(server)).containsPattern("\"redis\":\\{[^}]*\"status\":\"degraded\"")
                    .endsWith("\"status\":\"degraded\"}");
            String token = server.devToken("default", "alice", java.util.Set.of(io.praetor.ports.Role.VIEWER),
                    java.time.Duration.ofMinutes(5)).orElseThrow();
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.url() + "/api/v1/policies"))
                    .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            // The rate limiter falls back to this instance's own buckets instead of refusing.
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    private static String readyz(PraetorServer server) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + "/readyz")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theEmbeddedDefault_startsAndWritesTheSigningKeyUnderTheDataDir() {
        var config = ConfigLoader.load(env(), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            assertThat(data.resolve("signing-key.jwk")).exists();
        }
    }
}
