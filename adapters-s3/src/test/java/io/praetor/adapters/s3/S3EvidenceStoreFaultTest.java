package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.fixtures.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fault-injecting proxy in front of s3proxy answers 500 InternalError to every other request (a
 * throttling 503 is retried the same way, with a longer backoff: S3AdaptersRetryTest); the
 * client's retries carry each evidence write through, and nothing is indexed twice. s3proxy runs
 * without authentication here: the proxy changes the Host header the signature covers.
 */
class S3EvidenceStoreFaultTest {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    private S3Proxy s3proxy;
    private HttpServer faults;
    private final HttpClient forward = HttpClient.newHttpClient();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        s3proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3proxy.start();
        URI target = URI.create("http://127.0.0.1:" + s3proxy.getPort());
        faults = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        faults.createContext("/", exchange -> {
            if (requests.incrementAndGet() % 2 == 1) {
                failed.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                respond(exchange, 500, "<Error><Code>InternalError</Code><Message>injected</Message></Error>");
            } else {
                relay(exchange, target);
            }
        });
        faults.start();
    }

    private void relay(HttpExchange exchange, URI target) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) values.forEach(v -> request.header(name, v));
        });
        try {
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), head || response.body().length == 0 ? -1 : response.body().length);
            if (!head) exchange.getResponseBody().write(response.body());
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() throws Exception {
        faults.stop(0);
        s3proxy.stop();
    }

    @Test
    void writesRetriedThroughInjected500s_completeOnceEach() {
        S3Settings settings = new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + faults.getAddress().getPort())),
                "faulty", S3ProxyServer.REGION, true, new S3Credentials.Static("any", "any"));
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
        assertThat(failed.get()).isGreaterThan(5);
    }
}
