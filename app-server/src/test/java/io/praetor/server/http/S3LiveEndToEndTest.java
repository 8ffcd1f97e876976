package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.evidence.BundleVerification;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 story end to end over HTTP, against s3proxy in this JVM: a non-compliant bucket, the
 * {@code s3-live} source registered and synced, the finding, a dry run whose diff is shown while
 * the bucket stays as it was, approval by a second user, the run, the bucket read back changed,
 * the finding resolved, and the action's bundle — its blobs in the S3 evidence store — verified.
 * For the two handlers s3proxy implements (versioning, default encryption); public access block
 * and tagging are checked against the SDK request model in adapters-s3 (s3proxy answers 501).
 * Also: a scheduled source is synced by the server's scheduler, and a bucket deleted on the
 * endpoint disappears at the next sync.
 */
class S3LiveEndToEndTest {
    private static final String KEY = "praetor-test";
    private static final String SECRET = "praetor-test-secret";
    private static final String ACCOUNT = "000000000000";

    private static S3Proxy proxy;
    private static S3Client s3;
    private static TestServer api;
    private static String admin;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET).build();
        proxy.start();
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build();
        s3.createBucket(b -> b.bucket("evidence"));
        // the evidence store reads the SDK default chain; sources and handlers get the named sets below
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        Map<String, String> env = new HashMap<>();
        env.put("PRAETOR_EVIDENCE", "s3");
        env.put("PRAETOR_S3_ENDPOINT", endpoint);
        env.put("PRAETOR_S3_BUCKET", "evidence");
        env.put("PRAETOR_S3_PATH_STYLE", "true");
        env.put("PRAETOR_CREDENTIALS_LAB_KEYS_ACCESS_KEY_ID", KEY);
        env.put("PRAETOR_CREDENTIALS_LAB_KEYS_SECRET_ACCESS_KEY", SECRET);
        env.put("PRAETOR_CREDENTIALS_" + ACCOUNT + "_ACCESS_KEY_ID", KEY);
        env.put("PRAETOR_CREDENTIALS_" + ACCOUNT + "_SECRET_ACCESS_KEY", SECRET);
        env.put("PRAETOR_SOURCE_SYNC_TICK_S", "1");
        api = TestServer.start(env);
        admin = api.token("acme", "root", Role.ADMIN);
        alice = api.token("acme", "alice", Role.OPERATOR);
        bob = api.token("acme", "bob", Role.APPROVER);
        putPolicies();
        var registered = api.post("/api/v1/inventory/sources", alice, """
                {"id":"lab","kind":"s3","endpoint":"%s","region":"us-east-1","account":"%s","path_style":true,
                 "credentials":"lab-keys"}""".formatted(endpoint, ACCOUNT));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(registered.body()).doesNotContain(SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) api.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (s3 != null) s3.close();
        if (proxy != null) proxy.stop();
    }

    /** The pack's encryption and versioning policies; versioning in manual mode, so a dry run comes first. */
    private static void putPolicies() throws IOException {
        Path pack = Path.of("..", "policies", "aws", "s3.yaml");
        for (String doc : Files.readString(pack).split("\n---\n")) {
            String id = doc.replaceAll("(?s).*?\n  id: ([a-z0-9-]+)\n.*", "$1");
            if (!id.equals("aws-s3-bucket-default-encryption") && !id.equals("aws-s3-bucket-versioning")) continue;
            var r = api.put("/api/v1/policies/" + id, admin, "application/yaml", doc.replace("mode: auto", "mode: manual"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @Test
    void enableVersioning_fromLiveFindingToVerifiedBundle() throws Exception {
        String bucket = "e2e-unversioned";
        s3.createBucket(b -> b.bucket(bucket));

        String actionId = dryRunAndApprove(bucket, "aws-s3-bucket-versioning", "BucketVersioningConfiguration");
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).as("a dry run changes nothing").isNull();

        runToCompletion(actionId);

        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString()).isEqualTo("Enabled");
        assertResolvedAndBundleVerified(bucket, "aws-s3-bucket-versioning", actionId);
    }

    @Test
    void enableDefaultEncryption_fromLiveFindingToVerifiedBundle() throws Exception {
        String bucket = "e2e-unencrypted";
        s3.createBucket(b -> b.bucket(bucket));

        String actionId = dryRunAndApprove(bucket, "aws-s3-bucket-default-encryption", "ServerSideEncryptionConfiguration");
        assertThat(encryptionRules(bucket)).as("a dry run changes nothing").isZero();

        runToCompletion(actionId);

        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules())
                .singleElement().satisfies(r -> assertThat(r.applyServerSideEncryptionByDefault().sseAlgorithm())
                        .isEqualTo(ServerSideEncryption.AES256));
        assertResolvedAndBundleVerified(bucket, "aws-s3-bucket-default-encryption", actionId);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScheduledSourceIsSyncedByTheServer_andABucketGoneFromTheEndpointIsDeleted() throws Exception {
        s3.createBucket(b -> b.bucket("e2e-short-lived"));
        var r = api.post("/api/v1/inventory/sources", alice, """
                {"id":"lab-scheduled","kind":"s3","endpoint":"http://127.0.0.1:%d","account":"111111111111",
                 "path_style":true,"credentials":"lab-keys","schedule":"1m"}""".formatted(proxy.getPort()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);

        // never synced, so due at once: the scheduler (1 s tick here) picks it up
        Map<String, Object> synced = waitFor(() -> ((List<Map<String, Object>>) api.get("/api/v1/inventory/sources", alice)
                .json().get("items")).stream().filter(s -> s.get("id").equals("lab-scheduled")).findFirst().orElseThrow(),
                s -> s.get("last_sync_at") != null);
        assertThat(synced.get("last_sync_at")).isNotNull();
        assertThat(api.get("/api/v1/resources?source=s3-live&account=111111111111", alice).body())
                .contains("arn:aws:s3:::e2e-short-lived");

        s3.deleteBucket(b -> b.bucket("e2e-short-lived"));
        var second = api.post("/api/v1/inventory/sources/lab-scheduled/sync", alice, "{}");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json()).containsEntry("deleted", 1L);
        assertThat(api.get("/api/v1/resources?source=s3-live&account=111111111111", alice).body())
                .doesNotContain("e2e-short-lived");
    }

    private int encryptionRules(String bucket) {
        try {
            return s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().size();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            assertThat(e.statusCode()).isEqualTo(404);
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private String dryRunAndApprove(String bucket, String policyId, String settingKey) throws Exception {
        var sync = api.post("/api/v1/inventory/sources/lab/sync", alice, "{}");
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        assertThat(sync.json()).containsKeys("snapshot_id", "received", "created", "updated", "deleted", "unchanged");

        Map<String, Object> finding = waitFor(() -> openFindings(policyId).stream()
                .filter(f -> f.get("resource_id").equals("arn:aws:s3:::" + bucket)).findFirst().orElse(Map.of()),
                f -> !f.isEmpty());
        var resource = api.get("/api/v1/resources/" + finding.get("resource_key"), alice).json();
        assertThat((Map<String, Object>) resource.get("resource")).containsEntry("source", "s3-live")
                .containsEntry("type", "aws.s3.bucket").containsEntry("account", ACCOUNT);

        var created = api.post("/api/v1/actions", alice, "{\"finding_id\":\"" + finding.get("id") + "\",\"dry_run\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String actionId = (String) created.json().get("id");
        Map<String, Object> planned = waitFor(() -> api.get("/api/v1/actions/" + actionId, alice).json(),
                a -> !List.of("queued", "preflight").contains(a.get("state")));
        assertThat(planned).as(planned.toString()).containsEntry("state", "planned");
        Map<String, Object> plan = (Map<String, Object>) planned.get("plan");
        assertThat((List<Map<String, Object>>) plan.get("diff")).isNotEmpty()
                .allSatisfy(op -> assertThat((String) op.get("path")).contains(settingKey));

        var approved = api.post("/api/v1/actions/" + actionId + "/approve", bob, "{\"comment\":\"ok\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return actionId;
    }

    private void runToCompletion(String actionId) throws Exception {
        var ran = api.post("/api/v1/actions/" + actionId + "/run", alice, "");
        assertThat(ran.status()).as(ran.body()).isEqualTo(202);
        Map<String, Object> done = waitFor(() -> api.get("/api/v1/actions/" + actionId, alice).json(),
                a -> List.of("completed", "failed", "rolled_back").contains(a.get("state")));
        assertThat(done).as(done.toString()).containsEntry("state", "completed");
    }

    @SuppressWarnings("unchecked")
    private void assertResolvedAndBundleVerified(String bucket, String policyId, String actionId) throws Exception {
        String id = "arn:aws:s3:::" + bucket;
        waitFor(() -> openFindings(policyId).stream().noneMatch(f -> f.get("resource_id").equals(id)), open -> open);
        // and a fresh read of the endpoint agrees
        assertThat(api.post("/api/v1/inventory/sources/lab/sync", alice, "{}").status()).isEqualTo(200);
        assertThat(openFindings(policyId)).noneSatisfy(f -> assertThat(f.get("resource_id")).isEqualTo(id));

        List<Map<String, Object>> blobs = (List<Map<String, Object>>) api.get("/api/v1/evidence?action_id=" + actionId, alice)
                .json().get("items");
        assertThat(blobs).isNotEmpty();
        var keys = s3.listObjectsV2(b -> b.bucket("evidence")).contents().stream().map(o -> o.key()).toList();
        assertThat(blobs).allSatisfy(blob -> assertThat(keys).contains("acme/sha256/" + blob.get("sha256")));

        BundleVerification offline = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (offline == null || (!offline.ok() && System.nanoTime() < deadline)) {
            HttpResponse<byte[]> zip = api.client.send(HttpRequest.newBuilder(
                            URI.create(api.base + "/api/v1/actions/" + actionId + "/bundle"))
                    .header("Authorization", "Bearer " + alice).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zip.statusCode()).isEqualTo(200);
            offline = BundleVerifier.verify(zip.body());
            if (!offline.ok()) Thread.sleep(100);
        }
        assertThat(offline.problems()).as("offline bundle verification").isEmpty();
        assertThat(api.get("/api/v1/actions/" + actionId + "/bundle/verify", alice).json()).containsEntry("ok", true);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> openFindings(String policyId) {
        return (List<Map<String, Object>>) api.get("/api/v1/findings?status=open&policy_id=" + policyId, alice)
                .json().get("items");
    }

    private static <T> T waitFor(java.util.function.Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            value = read.get();
        }
        return value;
    }
}
