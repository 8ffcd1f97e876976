package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.praetor.adapters.webhook.WebhookActionHandler;
import io.praetor.adapters.webhook.WebhookEndpoints;
import io.praetor.ports.PageRequest;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.Remediation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An auto-mode policy whose remediation is the real http.webhook handler, against a local endpoint. */
class WebhookRemediationTest {
    private final ActHarness h = new ActHarness();
    private HttpServer server;
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private ActionService service;
    private ActionExecutor executor;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, 2);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{}".getBytes());
            }
        });
        server.start();
        WebhookActionHandler webhook = new WebhookActionHandler(WebhookEndpoints.parse(
                "tickets=http://127.0.0.1:" + server.getAddress().getPort() + "/hook"));
        ActionHandlers handlers = ActionHandlers.of(webhook);
        service = new ActionService(h.ports, handlers, h.settings);
        executor = new ActionExecutor(h.ports, handlers, h.settings, (t, r) -> h.observed.add(r), ActionArtifacts.NONE);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        h.close();
    }

    private Action startFor(String endpoint) {
        Policy p = h.policy("notify", PolicyMode.AUTO, Optional.of(new Remediation("http.webhook", Map.of("endpoint", endpoint))));
        service.onFindingOpened(TENANT, h.finding("f1", p), p);
        Action a = h.memory.actions().query(TENANT, ActionQuery.all(), PageRequest.firstPage()).items().get(0);
        executor.advance(TENANT, a.id());
        return h.get(a.id());
    }

    @Test
    void autoModeWebhook_retriesA503_andCompletes_withTheActionIdAsIdempotencyKey() {
        failuresLeft.set(1);
        Action done = startFor("tickets");

        assertThat(done.state()).isEqualTo(ActionState.COMPLETED);
        assertThat(done.plan().orElseThrow().diff()).isEmpty();
        assertThat(idempotencyKeys).containsExactly(done.id(), done.id());
        assertThat(h.observed).as("a webhook changes no resource").isEmpty();
    }

    @Test
    void unknownEndpoint_failsInPreflight_withoutSendingAnything() {
        Action failed = startFor("elsewhere");

        assertThat(failed.state()).isEqualTo(ActionState.FAILED);
        assertThat(failed.result().orElseThrow().message()).contains("unknown webhook endpoint 'elsewhere'");
        assertThat(idempotencyKeys).isEmpty();
    }
}
