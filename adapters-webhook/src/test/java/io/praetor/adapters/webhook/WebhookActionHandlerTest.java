package io.praetor.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local JDK HttpServer that succeeds, fails, refuses or hangs on demand. */
class WebhookActionHandlerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String location;
    private final CountDownLatch releaseHang = new CountDownLatch(1);
    private volatile boolean hang;
    private WebhookActionHandler handler;

    record Received(String method, String idempotencyKey, String contentType, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
            if (hang) {
                try {
                    releaseHang.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (location != null) exchange.getResponseHeaders().add("Location", location);
            byte[] answer = ("{\"ticket\":\"T-1\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        handler = new WebhookActionHandler(Map.of("tickets", hook, "down", URI.create("http://127.0.0.1:" + freePort() + "/hook")),
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        releaseHang.countDown();
        server.stop(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HandlerContext context(Map<String, Object> params) {
        Resource resource = Resource.of("arn:aws:s3:::logs", "aws.s3.bucket", "logs", "us-east-1", "123456789012",
                Map.of("env", "prod"), Map.of("public", true), "test", T0).withVersion(3);
        Finding finding = new Finding("f1", "s3-no-public", resource.id(), resource.key(), resource.type(), resource.account(),
                Severity.HIGH, 14.0, FindingStatus.OPEN, "public bucket", "Bucket logs is public", T0, T0, Optional.empty(),
                Optional.empty(), List.of(), Set.of(), Map.of());
        return new HandlerContext(TenantId.of("t1"), "action-42", resource, params, Optional.of(finding), Optional.empty());
    }

    private static void assertError(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    @Test
    void isNamedHttpWebhook_andNotDestructive() {
        assertThat(handler.name()).isEqualTo("http.webhook");
        assertThat(handler.destructive()).isFalse();
    }

    @Test
    void preflight_failsForAnUnknownOrMissingEndpoint_andForAUrlInParams() {
        assertThat(handler.preflight(context(Map.of("endpoint", "tickets"))).passed()).isTrue();

        Preflight unknown = handler.preflight(context(Map.of("endpoint", "elsewhere")));
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.problems()).singleElement().asString().contains("unknown webhook endpoint 'elsewhere'");
        assertThat(handler.preflight(context(Map.of())).passed()).isFalse();
        assertThat(handler.preflight(context(Map.of("endpoint", "tickets", "url", "http://evil.example"))).problems())
                .singleElement().asString().contains("PRAETOR_WEBHOOKS");
    }

    @Test
    void plan_isTheRenderedRequest_withAnEmptyDiff_andNoUrl() {
        PlannedChange plan = handler.plan(context(Map.of("endpoint", "tickets")));

        assertThat(plan.plannedState()).isEqualTo(plan.currentState());
        assertThat(plan.details()).containsEntry("method", "POST").containsEntry("endpoint", "tickets");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) plan.details().get("body");
        assertThat(body).containsKeys("finding", "resource", "plan").containsEntry("action_id", "action-42");
        assertThat(plan.details().toString()).doesNotContain("127.0.0.1");
    }

    @Test
    void apply_postsTheJsonWithTheActionIdAsIdempotencyKey_andCompletesOn2xx() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        status = 201;

        Map<String, Object> response = handler.apply(ctx, handler.plan(ctx));

        assertThat(response).containsEntry("status", 201L);
        assertThat((String) response.get("body")).contains("T-1");
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.idempotencyKey()).isEqualTo("action-42");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.body()).contains("\"finding\":{\"id\":\"f1\"").contains("\"resource\":{\"id\":\"arn:aws:s3:::logs\"")
                    .contains("\"plan\":").contains("\"action_id\":\"action-42\"");
        });
        assertThat(handler.verify(ctx, handler.plan(ctx)).matches()).isTrue();
    }

    @Test
    void apply_on5xx_isTransient() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        status = 503;
        assertError(() -> handler.apply(ctx, handler.plan(ctx)), ErrorCode.TRANSIENT);
        status = 200;
        assertThat(handler.apply(ctx, handler.plan(ctx))).containsEntry("status", 200L);
        assertThat(received).extracting(Received::idempotencyKey).containsExactly("action-42", "action-42");
    }

    @Test
    void apply_whenTheEndpointHangs_timesOutAsTransient() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        hang = true;
        assertError(() -> handler.apply(ctx, handler.plan(ctx)), ErrorCode.TRANSIENT);
    }

    @Test
    void apply_on4xx_isADefiniteFailure() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        status = 400;
        assertError(() -> handler.apply(ctx, handler.plan(ctx)), ErrorCode.VALIDATION);
    }

    @Test
    void apply_doesNotFollowRedirects() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        status = 302;
        location = "http://127.0.0.1:1/elsewhere";
        assertError(() -> handler.apply(ctx, handler.plan(ctx)), ErrorCode.VALIDATION);
        assertThat(received).hasSize(1);
    }

    @Test
    void apply_toARefusingEndpoint_isDependencyUnavailable() {
        HandlerContext ctx = context(Map.of("endpoint", "down"));
        assertError(() -> handler.apply(ctx, handler.plan(ctx)), ErrorCode.DEPENDENCY_UNAVAILABLE);
    }

    @Test
    void rollback_restoresNothing_becauseNothingWasChanged() {
        HandlerContext ctx = context(Map.of("endpoint", "tickets"));
        assertThat(handler.rollback(ctx, handler.plan(ctx))).containsEntry("restored", false);
        assertThat(received).isEmpty();
    }
}
