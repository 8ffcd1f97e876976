package io.praetor.adapters.s3;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.testkit.fixtures.TestClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's retry policy, against an endpoint that always throttles. */
class S3AdaptersRetryTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startThrottlingServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aThrottlingEndpoint_isRetriedThenFailsAsDependencyUnavailable() {
        S3Settings settings = new S3Settings(Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                "b", "us-east-1", true, new S3Credentials.Static("k", "s"));
        try (S3Adapters adapters = S3Adapters.create(settings, new TestClock())) {
            assertThatThrownBy(() -> adapters.evidenceStore().list(TENANT_A, Optional.empty()))
                    .isInstanceOfSatisfying(PraetorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        }

        assertThat(requests).hasValue(3);
    }
}
