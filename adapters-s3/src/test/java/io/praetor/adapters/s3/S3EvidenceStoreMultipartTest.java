package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.testkit.fixtures.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Large blobs as multipart uploads through a fault-injecting proxy in front of s3proxy: read back
 * verified, an interrupted upload resumed with the parts already there, and Object Lock retention
 * on the wire when the bucket has it.
 */
class S3EvidenceStoreMultipartTest {
    private static final long PART = EvidenceOptions.MIN_PART_SIZE;

    private S3Proxy s3proxy;
    private FaultProxy proxy;
    private S3Client client;
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws Exception {
        s3proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3proxy.start();
        proxy = new FaultProxy(URI.create("http://127.0.0.1:" + s3proxy.getPort()));
        client = S3Clients.build(Optional.of(proxy.endpoint()), "us-east-1", true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")), 3);
        client.createBucket(b -> b.bucket("big"));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
        s3proxy.stop();
    }

    private static byte[] bytes(long size) {
        byte[] b = new byte[(int) size];
        new Random(42).nextBytes(b);
        return b;
    }

    private S3EvidenceStore store(EvidenceOptions options) {
        return new S3EvidenceStore(client, "big", clock, options);
    }

    private static EvidenceOptions parts() {
        return new EvidenceOptions(PART, Optional.empty(), EvidenceOptions.LockMode.COMPLIANCE);
    }

    @Test
    void aLargeBlob_goesUpInParts_andReadsBackVerified() {
        S3EvidenceStore store = store(parts());
        byte[] content = bytes(2 * PART + 1234);

        EvidenceRef ref = store.put(TENANT_A, content, "application/octet-stream", "dump.bin", Optional.of("a-1"));
        EvidenceRef again = store.put(TENANT_A, content, "application/octet-stream", "dump.bin", Optional.of("a-1"));

        assertThat(again).isEqualTo(ref);
        assertThat(ref.size()).isEqualTo(content.length);
        assertThat(proxy.count(r -> r.is("PUT", "partNumber="))).isEqualTo(3);
        assertThat(store.get(TENANT_A, ref.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(client.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
        assertThat(client.headObject(b -> b.bucket("big").key("tenant-a/sha256/" + ref.sha256())).metadata())
                .containsEntry("praetor-sha256", ref.sha256());
    }

    @Test
    void anInterruptedUpload_isResumedWithThePartsAlreadyThere() {
        S3EvidenceStore store = store(parts());
        byte[] content = bytes(2 * PART + 99);
        // part 3 fails every attempt: the first put gives up with parts 1 and 2 uploaded
        proxy.rule = (n, r) -> r.is("PUT", "partNumber=3") ? new FaultProxy.Fault.Fail(500, "InternalError")
                : new FaultProxy.Fault.Forward();

        assertThatThrownBy(() -> store.put(TENANT_A, content, "application/octet-stream", "dump.bin", Optional.empty()))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        assertThat(client.listMultipartUploads(b -> b.bucket("big")).uploads()).hasSize(1);

        proxy.rule = (n, r) -> new FaultProxy.Fault.Forward();
        proxy.seen.clear();
        EvidenceRef ref = store.put(TENANT_A, content, "application/octet-stream", "dump.bin", Optional.empty());

        assertThat(proxy.count(r -> r.is("POST", "uploads"))).as("no new upload started").isZero();
        assertThat(proxy.count(r -> r.is("PUT", "partNumber=1"))).isZero();
        assertThat(proxy.count(r -> r.is("PUT", "partNumber=2"))).isZero();
        assertThat(proxy.count(r -> r.is("PUT", "partNumber=3"))).isEqualTo(1);
        assertThat(store.get(TENANT_A, ref.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
        assertThat(client.listMultipartUploads(b -> b.bucket("big")).uploads()).isEmpty();
        assertThat(store.list(TENANT_A, Optional.empty())).containsExactly(ref);
    }

    @Test
    void withoutObjectLockOnTheBucket_retentionIsNotAskedFor() {
        S3EvidenceStore store = store(parts().withRetention(Duration.ofDays(30), EvidenceOptions.LockMode.COMPLIANCE));

        EvidenceRef ref = store.put(TENANT_A, bytes(100), "text/plain", "x", Optional.empty());

        // s3proxy does not implement GetObjectLockConfiguration
        assertThat(store.supportsObjectLock()).isFalse();
        assertThat(proxy.seen).filteredOn(r -> r.is("PUT", ref.sha256()))
                .allSatisfy(r -> assertThat(r.header("x-amz-object-lock-mode")).isEmpty());
    }

    @Test
    void onABucketWithObjectLock_blobsCarryTheRetention_inPlainAndMultipartWrites() {
        // the proxy answers as AWS does for a bucket created with Object Lock, and accepts the locked writes
        proxy.rule = (n, r) -> {
            if (r.is("GET", "object-lock")) {
                return new FaultProxy.Fault.Answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ObjectLockConfiguration>"
                        + "<ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
            }
            return new FaultProxy.Fault.ForwardWithout("x-amz-object-lock-"); // s3proxy answers 501 to them
        };
        S3EvidenceStore store = store(parts().withRetention(Duration.ofDays(30), EvidenceOptions.LockMode.GOVERNANCE));

        EvidenceRef small = store.put(TENANT_A, bytes(100), "text/plain", "x", Optional.empty());
        EvidenceRef large = store.put(TENANT_A, bytes(PART + 1), "application/octet-stream", "y", Optional.empty());

        assertThat(store.supportsObjectLock()).isTrue();
        Instant until = clock.instant().plus(Duration.ofDays(30));
        assertThat(proxy.seen).filteredOn(r -> r.is("PUT", "/sha256/" + small.sha256())).singleElement().satisfies(r -> {
            assertThat(r.header("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE");
            assertThat(Instant.parse(r.header("x-amz-object-lock-retain-until-date"))).isEqualTo(until);
        });
        assertThat(proxy.seen).filteredOn(r -> r.is("POST", "/sha256/" + large.sha256() + "?uploads")).singleElement()
                .satisfies(r -> assertThat(r.header("x-amz-object-lock-mode")).isEqualTo("GOVERNANCE"));
    }
}
