package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.Resource;
import io.praetor.testkit.fixtures.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The endpoint misbehaves for a while — throttles (503 SlowDown), fails (500) or answers slowly —
 * behind a fault-injecting proxy: evidence writes and live-inventory reads retry through, nothing is
 * lost and nothing is written twice. Also: the live inventory follows ListBuckets pages.
 */
class S3FaultWindowTest {
    private S3Proxy s3proxy;
    private FaultProxy proxy;
    private S3Client admin;
    private S3Client direct; // straight to s3proxy, for the proxy's own answers
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws Exception {
        s3proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3proxy.start();
        proxy = new FaultProxy(URI.create("http://127.0.0.1:" + s3proxy.getPort()));
        admin = client(3, Duration.ofSeconds(15));
        direct = S3Clients.build(Optional.of(URI.create("http://127.0.0.1:" + s3proxy.getPort())), "us-east-1", true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")), 1);
        admin.createBucket(b -> b.bucket("evidence"));
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        direct.close();
        proxy.close();
        s3proxy.stop();
    }

    private S3Client client(int attempts, Duration attemptTimeout) {
        return S3Clients.build(Optional.of(proxy.endpoint()), "us-east-1", true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")), attempts, attemptTimeout);
    }

    private List<String> blobKeys() {
        return admin.listObjectsV2(b -> b.bucket("evidence").prefix("tenant-a/sha256/")).contents().stream()
                .map(o -> o.key()).toList();
    }

    private List<String> indexKeys() {
        return admin.listObjectsV2(b -> b.bucket("evidence").prefix("tenant-a/index/")).contents().stream()
                .map(o -> o.key()).toList();
    }

    @Test
    void throttledThenFailingForAWhile_writesRetryThrough_onceEach() {
        // two throttled answers, then every third request fails: no call sees more failures than it has retries
        proxy.rule = (n, r) -> n <= 2 ? new FaultProxy.Fault.Fail(503, "SlowDown")
                : n % 3 == 1 ? new FaultProxy.Fault.Fail(500, "InternalError") : new FaultProxy.Fault.Forward();
        try (S3Client s3 = client(3, Duration.ofSeconds(15))) {
            S3EvidenceStore store = new S3EvidenceStore(s3, "evidence", clock);
            List<EvidenceRef> refs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                refs.add(store.put(TENANT_A, ("blob " + i).getBytes(StandardCharsets.UTF_8), "text/plain", "b" + i,
                        Optional.of("a-1")));
            }
            refs.add(store.put(TENANT_A, "blob 0".getBytes(StandardCharsets.UTF_8), "text/plain", "b0", Optional.of("a-1")));

            proxy.rule = (n, r) -> new FaultProxy.Fault.Forward();
            assertThat(refs.get(5)).isEqualTo(refs.getFirst());
            assertThat(store.list(TENANT_A, Optional.of("a-1"))).containsExactlyElementsOf(refs.subList(0, 5));
            assertThat(blobKeys()).hasSize(5);
            assertThat(indexKeys()).hasSize(5);
        }
        assertThat(proxy.injected.get()).isGreaterThan(5);
    }

    @Test
    void slowForAWhile_attemptsTimeOutAndRetry_lateWritesLandOnceOnly() {
        // the first three writes are held 1.5 s and then still forwarded: the client has given up
        // on them (1 s per attempt) and retried, so the late copies arrive after the retries
        AtomicBoolean slow = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        proxy.rule = (n, r) -> slow.get() && r.method().equals("PUT") && held.incrementAndGet() <= 3
                ? new FaultProxy.Fault.Delay(Duration.ofMillis(1500)) : new FaultProxy.Fault.Forward();
        try (S3Client s3 = client(4, Duration.ofSeconds(1))) {
            S3EvidenceStore store = new S3EvidenceStore(s3, "evidence", clock);
            EvidenceRef one = store.put(TENANT_A, "slow one".getBytes(StandardCharsets.UTF_8), "text/plain", "1",
                    Optional.of("a-2"));
            EvidenceRef two = store.put(TENANT_A, "slow two".getBytes(StandardCharsets.UTF_8), "text/plain", "2",
                    Optional.of("a-2"));
            slow.set(false);
            sleep(Duration.ofMillis(2000)); // let any held request land

            assertThat(store.list(TENANT_A, Optional.of("a-2"))).containsExactly(one, two);
            assertThat(store.get(TENANT_A, one.sha256())).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("slow one"));
            assertThat(blobKeys()).hasSize(2);
            assertThat(indexKeys()).hasSize(2);
        }
        assertThat(proxy.injected.get()).isEqualTo(3);
    }

    @Test
    void liveInventory_followsPages_andRetriesThroughThrottling() {
        for (int i = 0; i < 5; i++) {
            String name = "paged-" + i;
            admin.createBucket(b -> b.bucket(name));
        }
        // the endpoint pages ListBuckets two at a time (as AWS does with max-buckets) and throttles the first calls
        proxy.rule = (n, r) -> {
            if (n <= 2) return new FaultProxy.Fault.Fail(503, "SlowDown");
            if (r.method().equals("GET") && (r.pathAndQuery().equals("/") || r.pathAndQuery().startsWith("/?"))) {
                return new FaultProxy.Fault.Answer(200, page(r.pathAndQuery()));
            }
            return new FaultProxy.Fault.Forward();
        };
        InventorySource source = new InventorySource("lab", "s3", Optional.of(proxy.endpoint().toString()),
                Optional.of("us-east-1"), Optional.empty(), Optional.empty(), true, Optional.empty(), Instant.EPOCH,
                "alice", Optional.empty());
        List<Resource> read = new ArrayList<>();

        new S3LiveInventory(clock, s -> StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .fetch(source, Optional.empty(), read::add);

        assertThat(read).extracting(Resource::name)
                .containsExactly("evidence", "paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        assertThat(proxy.count(r -> r.is("GET", "continuation-token="))).isEqualTo(2);
    }

    // ListAllMyBucketsResult of the real bucket list, two per page, the token being the next index
    private String page(String pathAndQuery) {
        List<String> names = direct.listBuckets().buckets().stream().map(b -> b.name()).sorted().toList();
        int from = 0;
        var m = java.util.regex.Pattern.compile("continuation-token=(\\d+)").matcher(pathAndQuery);
        if (m.find()) from = Integer.parseInt(m.group(1));
        int to = Math.min(names.size(), from + 2);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult>"
                + "<Owner><ID>o</ID><DisplayName>o</DisplayName></Owner><Buckets>");
        for (String n : names.subList(from, to)) {
            xml.append("<Bucket><Name>").append(n).append("</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>");
        }
        xml.append("</Buckets>");
        if (to < names.size()) xml.append("<ContinuationToken>").append(to).append("</ContinuationToken>");
        return xml.append("</ListAllMyBucketsResult>").toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
