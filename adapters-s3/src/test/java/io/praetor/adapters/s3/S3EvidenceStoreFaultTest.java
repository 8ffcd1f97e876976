package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.fixtures.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FaultProxy} in front of s3proxy answers 500 InternalError to every other request (a
 * throttling 503 is retried the same way, with a longer backoff: S3AdaptersRetryTest); the
 * client's retries carry each evidence write through, and nothing is indexed twice. s3proxy runs
 * without authentication here: the proxy changes the Host header the signature covers.
 */
class S3EvidenceStoreFaultTest {
    private S3Proxy s3proxy;
    private FaultProxy faults;

    @BeforeEach
    void start() throws Exception {
        s3proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3proxy.start();
        faults = new FaultProxy(URI.create("http://127.0.0.1:" + s3proxy.getPort()));
        faults.rule = (n, request) -> n % 2 == 1 ? new FaultProxy.Fault.Fail(500, "InternalError") : new FaultProxy.Fault.Forward();
    }

    @AfterEach
    void stop() throws Exception {
        faults.close();
        s3proxy.stop();
    }

    @Test
    void writesRetriedThroughInjected500s_completeOnceEach() {
        S3Settings settings = new S3Settings(Optional.of(faults.endpoint()), "faulty", S3ProxyServer.REGION, true,
                new S3Credentials.Static("any", "any"));
        TestClock clock = new TestClock();
        try (S3Adapters adapters = S3Adapters.create(settings, clock)) {
            adapters.client().createBucket(b -> b.bucket("faulty"));
            EvidenceStore store = adapters.evidenceStore();

            EvidenceRef one = store.put(TENANT_A, "one".getBytes(StandardCharsets.UTF_8), "text/plain", "1", Optional.of("a-1"));
            EvidenceRef again = store.put(TENANT_A, "one".getBytes(StandardCharsets.UTF_8), "text/plain", "1", Optional.of("a-1"));
            EvidenceRef two = store.put(TENANT_A, "two".getBytes(StandardCharsets.UTF_8), "text/plain", "2", Optional.of("a-1"));

            assertThat(again).isEqualTo(one);
            assertThat(store.list(TENANT_A, Optional.of("a-1"))).containsExactly(one, two);
            assertThat(store.get(TENANT_A, two.sha256())).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("two"));
            assertThat(adapters.client().listObjectsV2(b -> b.bucket("faulty").prefix("tenant-a/")).contents()).hasSize(4);
        }
        assertThat(faults.injected.get()).isGreaterThan(5);
    }
}
