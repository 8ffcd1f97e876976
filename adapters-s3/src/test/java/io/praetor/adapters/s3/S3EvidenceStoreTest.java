package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.EvidenceStoreContract;
import io.praetor.testkit.fixtures.TestClock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

class S3EvidenceStoreTest extends EvidenceStoreContract {
    private static S3ProxyServer server;
    private final List<S3Adapters> opened = new ArrayList<>();
    private S3Adapters last;
    private String lastBucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeClients() {
        opened.forEach(S3Adapters::close);
    }

    @Override
    protected EvidenceStore newStore(InstantSource clock) {
        lastBucket = S3ProxyServer.newBucketName();
        last = server.adaptersOnNewBucket(lastBucket, clock);
        opened.add(last);
        return last.evidenceStore();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String bucket() {
        return lastBucket;
    }

    @Test
    void put_storesTheBlobUnderTenantAndHashWithItsMetadata() {
        EvidenceStore store = newStore(new TestClock());
        EvidenceRef ref = store.put(TENANT_A, bytes("x"), "text/plain", "x.txt", Optional.of("a-1"));

        var head = last.client().headObject(b -> b.bucket(bucket()).key("tenant-a/sha256/" + ref.sha256()));

        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.contentLength()).isEqualTo(1L);
        assertThat(head.metadata()).containsEntry("praetor-name", "x.txt")
                .containsEntry("praetor-action-id", "a-1")
                .containsEntry("praetor-stored-at", ref.storedAt().toString());
    }

    @Test
    void get_ofATamperedObject_failsInsteadOfReturningIt() {
        EvidenceStore store = newStore(new TestClock());
        EvidenceRef ref = store.put(TENANT_A, bytes("the real plan"), "text/plain", "plan", Optional.empty());
        last.client().putObject(b -> b.bucket(bucket()).key("tenant-a/sha256/" + ref.sha256()),
                RequestBody.fromString("a forged plan"));

        assertThatThrownBy(() -> store.get(TENANT_A, ref.sha256()))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("corrupted");
    }

    @Test
    void put_neverRewritesAStoredBlob() {
        EvidenceStore store = newStore(new TestClock());
        EvidenceRef ref = store.put(TENANT_A, bytes("first"), "text/plain", "f", Optional.of("a-1"));
        String key = "tenant-a/sha256/" + ref.sha256();
        String etag = last.client().headObject(b -> b.bucket(bucket()).key(key)).eTag();

        store.put(TENANT_A, bytes("first"), "application/octet-stream", "other", Optional.of("a-2"));

        var head = last.client().headObject(b -> b.bucket(bucket()).key(key));
        assertThat(head.eTag()).isEqualTo(etag);
        assertThat(head.metadata()).containsEntry("praetor-action-id", "a-1");
        assertThat(store.list(TENANT_A, Optional.of("a-2"))).extracting(EvidenceRef::name).containsExactly("other");
    }

    @Test
    void put_whenAnotherWriterStoredTheBlobAfterOurHead_keepsTheirsAndStillIndexes() {
        TestClock clock = new TestClock();
        EvidenceStore store = newStore(clock);
        EvidenceRef theirs = store.put(TENANT_A, bytes("raced"), "text/plain", "theirs", Optional.of("a-1"));
        String key = "tenant-a/sha256/" + theirs.sha256();
        String etag = last.client().headObject(b -> b.bucket(bucket()).key(key)).eTag();
        // a HEAD that always answers "absent" is what a writer sees when it loses the race
        S3Client blindHead = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    if (method.getName().equals("headObject")) throw NoSuchKeyException.builder().statusCode(404).build();
                    // every S3Client method is a default; the Consumer overloads build a request and call back
                    if (args != null && args.length > 0 && args[0] instanceof Consumer<?>) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    try {
                        return method.invoke(last.client(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        EvidenceRef ours = new S3EvidenceStore(blindHead, bucket(), clock)
                .put(TENANT_A, bytes("raced"), "text/plain", "ours", Optional.of("a-2"));

        assertThat(last.client().headObject(b -> b.bucket(bucket()).key(key)).eTag()).isEqualTo(etag);
        assertThat(store.list(TENANT_A, Optional.empty())).containsExactly(theirs, ours);
    }

    @Test
    void aNewStoreOnTheSameBucket_findsEarlierEvidenceWithOddNamesAndActionIds() {
        TestClock clock = new TestClock();
        EvidenceStore store = newStore(clock);
        EvidenceRef odd = store.put(TENANT_A, bytes("kept"), "text/plain; charset=utf-8", "name with\ttab/and\nnewline",
                Optional.of("_"));
        EvidenceRef none = store.put(TENANT_A, bytes("kept"), "text/plain", "n", Optional.empty());

        EvidenceStore reopened = new S3EvidenceStore(last.client(), bucket(), clock);

        assertThat(reopened.list(TENANT_A, Optional.of("_"))).containsExactly(odd);
        assertThat(reopened.list(TENANT_A, Optional.empty())).containsExactlyInAnyOrder(odd, none);
        assertThat(reopened.get(TENANT_A, odd.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("kept")));
    }

    @Test
    void get_ofSomethingThatIsNotAHash_isEmpty() {
        assertThat(newStore(new TestClock()).get(TENANT_A, "../../etc/passwd")).isEmpty();
    }

    @Test
    void aStoreWhoseEndpointIsDown_failsAsDependencyUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Settings down = new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + port)), "b", S3ProxyServer.REGION,
                true, new S3Credentials.Static(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
        try (S3Adapters adapters = S3Adapters.create(down, new TestClock())) {
            EvidenceStore store = adapters.evidenceStore();

            assertThatThrownBy(() -> store.put(TENANT_A, bytes("x"), "text/plain", "x", Optional.empty()))
                    .isInstanceOfSatisfying(PraetorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
            assertThatThrownBy(() -> store.list(TENANT_A, Optional.empty()))
                    .isInstanceOfSatisfying(PraetorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        }
    }

    @Test
    void aMissingBucket_failsAsDependencyUnavailable() {
        try (S3Adapters adapters = S3Adapters.create(server.settings("no-such-bucket"), new TestClock())) {
            assertThatThrownBy(() -> adapters.evidenceStore().put(TENANT_A, bytes("x"), "text/plain", "x", Optional.empty()))
                    .isInstanceOfSatisfying(PraetorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        }
    }
}
