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

    @Test
    void anAiUrl_wiresTheOpenAiCompatibleAdapter_andTheServerStarts() throws Exception {
        var config = ConfigLoader.load(env("PRAETOR_AI_URL", "http://127.0.0.1:1/v1", "PRAETOR_AI_MODEL", "m-1"), Optional.empty());
        try (var server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            assertThat(readyz(server)).containsPattern("\"ai\":\\{[^}]*\"detail\":\"model m-1\"");
        }
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
    void postgres_holdsTheStoresAcrossARestart() throws Exception {
        String db = "praetor_server_test_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + db);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("this test needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust): " + e.getMessage(), e);
        }
        try {
            var config = ConfigLoader.load(env("PRAETOR_STORE", "postgres",
                    "PRAETOR_PG_URL", "jdbc:postgresql://127.0.0.1:5432/" + db, "PRAETOR_PG_USER", "postgres",
                    "PRAETOR_PG_APP_ROLE", "praetor_app_test"), Optional.empty());
            String body = "{\"id\":\"r-1\",\"type\":\"aws.s3.bucket\",\"name\":\"b\",\"properties\":{}}";
            try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
                assertThat(readyz(server)).containsPattern("\"store\":\\{[^}]*\"status\":\"ok\"");
                var put = http(server, "PUT", "/api/v1/resources/" + io.praetor.ports.inventory.ResourceKeys.keyOf("r-1"), body);
                assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
            }
            try (PraetorServer again = ServerComponent.create(config, InstantSource.system()).server().start()) {
                var get = http(again, "GET", "/api/v1/resources/" + io.praetor.ports.inventory.ResourceKeys.keyOf("r-1"), null);
                assertThat(get.statusCode()).isEqualTo(200);
                assertThat(get.body()).contains("\"id\":\"r-1\"");
            }
        } finally {
            try (var admin = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static java.net.http.HttpResponse<String> http(PraetorServer server, String method, String path, String body)
            throws Exception {
        return http(server, method, path, body, "application/json");
    }

    private static java.net.http.HttpResponse<String> http(PraetorServer server, String method, String path, String body,
                                                           String contentType) throws Exception {
        String token = server.devToken("default", "olivia", java.util.Set.of(io.praetor.ports.Role.ADMIN),
                java.time.Duration.ofMinutes(5)).orElseThrow();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nats_carriesTheActionWorkQueue_aDryRunIsPlannedThroughJetStream() throws Exception {
        String prefix = "praetor_server_test_" + java.util.UUID.randomUUID().toString().replace("-", "");
        var config = ConfigLoader.load(env("PRAETOR_BUS", "nats", "PRAETOR_NATS_URL", "nats://127.0.0.1:4222",
                "PRAETOR_BUS_PREFIX", prefix, "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            assertThat(readyz(server)).contains("nats nats://127.0.0.1:4222");
            planADryRun(server);
        } finally {
            try (var nats = io.nats.client.Nats.connect("nats://127.0.0.1:4222")) {
                nats.jetStreamManagement().deleteStream(prefix);
            }
        }
    }

    /** Puts the example policy, imports the sample snapshot and waits until a dry-run of its first finding is planned. */
    private static String planADryRun(PraetorServer server) throws Exception {
        String policy = java.nio.file.Files.readString(repo("examples/policies/s3-no-public-acl.yaml"));
        assertThat(http(server, "PUT", "/api/v1/policies/s3-no-public-acl", policy, "application/yaml").statusCode())
                .isEqualTo(200);
        String snapshot = java.nio.file.Files.readString(repo("examples/inventories/aws-config-snapshot.json"));
        assertThat(http(server, "POST", "/api/v1/inventory/snapshots?format=aws-config", snapshot).statusCode())
                .isEqualTo(200);
        String findings = http(server, "GET", "/api/v1/findings?status=open&policy_id=s3-no-public-acl", null).body();
        String findingId = findings.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        var created = http(server, "POST", "/api/v1/actions", "{\"finding_id\":\"" + findingId + "\",\"dry_run\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String actionId = created.body().replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        String state = "";
        while (!state.contains("\"state\":\"planned\"") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = http(server, "GET", "/api/v1/actions/" + actionId, null).body();
        }
        assertThat(state).contains("\"state\":\"planned\"");
        return actionId;
    }

    @Test
    void s3_holdsTheEvidenceOfAnAction() throws Exception {
        var proxy = org.gaul.s3proxy.S3Proxy.builder()
                .blobStore(new org.gaul.s3proxy.nio2blob.TransientNio2BlobStore())
                .endpoint(java.net.URI.create("http://127.0.0.1:0"))
                .awsAuthentication(org.gaul.s3proxy.auth.AuthenticationType.AWS_V4, "praetor-test", "praetor-test-secret")
                .build();
        proxy.start();
        // The server takes credentials from the AWS SDK's default chain, which reads these properties.
        System.setProperty("aws.accessKeyId", "praetor-test");
        System.setProperty("aws.secretAccessKey", "praetor-test-secret");
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(java.net.URI.create(endpoint)).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("praetor-test", "praetor-test-secret")))
                .build()) {
            s3.createBucket(b -> b.bucket("evidence"));
            var config = ConfigLoader.load(env("PRAETOR_EVIDENCE", "s3", "PRAETOR_S3_ENDPOINT", endpoint,
                    "PRAETOR_S3_BUCKET", "evidence", "PRAETOR_S3_REGION", "us-east-1", "PRAETOR_S3_PATH_STYLE", "true",
                    "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"), Optional.empty());
            try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
                assertThat(readyz(server)).contains("s3 evidence");
                String actionId = planADryRun(server);
                String listing = http(server, "GET", "/api/v1/evidence?action_id=" + actionId, null).body();
                String sha = listing.replaceAll("(?s).*?\"sha256\":\"([0-9a-f]{64})\".*", "$1");
                assertThat(sha).hasSize(64);
                assertThat(http(server, "GET", "/api/v1/evidence/" + sha, null).statusCode()).isEqualTo(200);
                assertThat(s3.listObjectsV2(b -> b.bucket("evidence")).contents())
                        .anySatisfy(o -> assertThat(o.key()).endsWith("/sha256/" + sha));
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            proxy.stop();
        }
    }

    static Path repo(String relative) {
        Path p = Path.of("..").resolve(relative);
        return java.nio.file.Files.exists(p) ? p : Path.of(relative);
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
            String ready = readyz(server);
            assertThat(ready).containsPattern("\"redis\":\\{[^}]*\"status\":\"degraded\"");
            assertThat(io.praetor.domain.json.JsonTreeReader.readObject(ready.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .containsEntry("status", "degraded");
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
