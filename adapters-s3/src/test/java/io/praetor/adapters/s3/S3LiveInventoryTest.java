package io.praetor.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.Resource;
import io.praetor.testkit.fixtures.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The s3-live source against s3proxy: bucket listing and description in the AWS Config item shape. */
class S3LiveInventoryTest {
    private static S3ProxyServer server;
    private static S3Adapters adapters;
    private static S3Client s3;
    private final TestClock clock = new TestClock();

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        adapters = server.adaptersOnNewBucket("praetor-live-evidence", clock0());
        s3 = adapters.client();
    }

    private static TestClock clock0() {
        return new TestClock();
    }

    @AfterAll
    static void stopServer() throws Exception {
        adapters.close();
        server.close();
    }

    private InventorySource source(String account) {
        return new InventorySource("lab", "s3", Optional.of(server.endpoint().toString()), Optional.of(S3ProxyServer.REGION),
                Optional.ofNullable(account), Optional.empty(), true, Optional.of("lab-keys"), Instant.EPOCH, "alice",
                Optional.empty());
    }

    private static Optional<Credentials> keys() {
        return Optional.of(new Credentials("aws-static", Map.of("access_key_id", S3ProxyServer.ACCESS_KEY,
                "secret_access_key", S3ProxyServer.SECRET_KEY)));
    }

    private List<Resource> fetch(InventorySource source) {
        List<Resource> out = new ArrayList<>();
        new S3LiveInventory(clock).fetch(source, keys(), out::add);
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesEachBucketInTheAwsConfigItemShape_andMarksWhatTheEndpointCannotTellAsUnknown() {
        String plain = S3ProxyServer.newBucketName();
        String hardened = S3ProxyServer.newBucketName();
        s3.createBucket(b -> b.bucket(plain));
        s3.createBucket(b -> b.bucket(hardened));
        s3.putBucketVersioning(b -> b.bucket(hardened).versioningConfiguration(v -> v.status("Enabled")));
        s3.putBucketEncryption(b -> b.bucket(hardened).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));

        List<Resource> resources = fetch(source("111122223333"));

        assertThat(resources).extracting(Resource::name).contains(plain, hardened, "praetor-live-evidence");
        Resource p = resources.stream().filter(r -> r.name().equals(plain)).findFirst().orElseThrow();
        assertThat(p.id()).isEqualTo("arn:aws:s3:::" + plain);
        assertThat(p.type()).isEqualTo("aws.s3.bucket");
        assertThat(p.provider()).isEqualTo("aws");
        assertThat(p.source()).isEqualTo("s3-live");
        assertThat(p.account()).isEqualTo("111122223333");
        assertThat(p.region()).isEqualTo("us-east-1");
        assertThat(p.observedAt()).isEqualTo(clock.instant());
        Map<String, Object> supplementary = (Map<String, Object>) p.properties().get("supplementaryConfiguration");
        assertThat(supplementary).containsEntry("BucketVersioningConfiguration", Map.of("status", "Off"));
        assertThat(supplementary).containsKey("ServerSideEncryptionConfiguration");
        assertThat(supplementary.get("ServerSideEncryptionConfiguration")).isNull();
        // s3proxy answers 501 to GetPublicAccessBlock and GetBucketTagging: unknown, never a compliant default
        assertThat(supplementary).doesNotContainKey("PublicAccessBlockConfiguration");
        assertThat((Map<String, Object>) p.properties().get("unknownSettings"))
                .containsEntry("PublicAccessBlockConfiguration", "NotImplemented")
                .containsEntry("tags", "NotImplemented");
        assertThat(((Map<String, Object>) p.properties().get("configuration"))).containsEntry("name", plain)
                .containsKey("creationDate");

        Resource h = resources.stream().filter(r -> r.name().equals(hardened)).findFirst().orElseThrow();
        Map<String, Object> hs = (Map<String, Object>) h.properties().get("supplementaryConfiguration");
        assertThat(hs).containsEntry("BucketVersioningConfiguration", Map.of("status", "Enabled"))
                .containsEntry("ServerSideEncryptionConfiguration", Map.of("rules", List.of(
                        Map.of("applyServerSideEncryptionByDefault", Map.of("sseAlgorithm", "AES256")))));
    }

    @Test
    void withoutAccountTheResourcesHaveAnEmptyAccount() {
        assertThat(fetch(source(null))).allSatisfy(r -> assertThat(r.account()).isEmpty());
    }

    @Test
    void wrongCredentials_failTheWholeFetch() {
        Optional<Credentials> wrong = Optional.of(new Credentials("aws-static", Map.of("access_key_id", "nobody",
                "secret_access_key", "wrong")));
        assertThatThrownBy(() -> new S3LiveInventory(clock).fetch(source(null), wrong, r -> { }))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    void badSettings_areNamed() {
        InventorySource bad = new InventorySource("x", "s3", Optional.of("ftp://nowhere"), Optional.of("Not A Region"),
                Optional.empty(), Optional.empty(), Instant.EPOCH, "alice", Optional.empty());
        assertThat(new S3LiveInventory(clock).check(bad)).hasSize(2);
        assertThatThrownBy(() -> new S3LiveInventory(clock).fetch(bad, keys(), r -> { }))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }
}
