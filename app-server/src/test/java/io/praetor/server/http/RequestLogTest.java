package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One structured log line per request with request id, tenant and principal; never a token. */
class RequestLogTest {
    private static TestServer api;
    private static ListAppender<ILoggingEvent> captured;
    private static Logger httpLogger;
    private static Level previous;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
        httpLogger = (Logger) LoggerFactory.getLogger("io.praetor.http");
        previous = httpLogger.getLevel();
        httpLogger.setLevel(Level.INFO);
        captured = new ListAppender<>();
        captured.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(captured);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(captured);
        httpLogger.setLevel(previous);
        api.close();
    }

    @Test
    void requestsAreLoggedWithTheirContext_andTokensNever() {
        String token = api.token("acme", "alice", Role.OPERATOR);
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        api.send("GET", "/api/v1/metrics", java.util.Optional.of(token), java.util.Optional.empty(), new byte[0],
                Map.of("X-Request-Id", "req-42"));
        api.get("/api/v1/metrics", forged);
        api.post("/api/v1/actions", token, "{not json");

        List<ILoggingEvent> lines = List.copyOf(captured.list);
        ILoggingEvent metrics = lines.stream().filter(e -> "req-42".equals(e.getMDCPropertyMap().get("request_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no log line for request req-42: " + lines));
        assertThat(metrics.getFormattedMessage()).contains("GET /api/v1/metrics 200");
        assertThat(metrics.getMDCPropertyMap()).containsEntry("tenant", "acme").containsEntry("principal", "alice");
        assertThat(lines).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("401"));
        for (ILoggingEvent e : lines) {
            String all = e.getFormattedMessage() + e.getMDCPropertyMap()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(all).doesNotContain(token).doesNotContain(forged).doesNotContain(token.substring(0, 40));
        }
    }
}
