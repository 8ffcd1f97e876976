package io.praetor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.ai.AiMessage;
import io.praetor.ports.ai.AiReply;
import io.praetor.ports.ai.AiRequest;
import io.praetor.ports.ai.AiTool;
import io.praetor.testkit.fixtures.ScriptedModelServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link AiClient} adapter guarantees, against a {@link ScriptedModelServer} standing in
 * for an OpenAI-compatible provider: text, structured output and tool calls come back as sent;
 * streamed chunks arrive in order and add up to the reply; a 5xx, a malformed body or a hang past
 * the request's timeout is DEPENDENCY_UNAVAILABLE — the hang well before it ends.
 */
public abstract class AiClientContract {
    protected ScriptedModelServer model;

    /** A client of the OpenAI-compatible service at {@code baseUrl} (e.g. {@code http://host:port/v1}). */
    protected abstract AiClient client(URI baseUrl);

    @BeforeEach
    void startModel() {
        model = ScriptedModelServer.start();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private static AiRequest ask(String question) {
        return AiRequest.of(List.of(AiMessage.system("You answer briefly."), AiMessage.user(question)), Duration.ofSeconds(5));
    }

    @Test
    void complete_returnsTheModelsText() {
        model.then(ScriptedModelServer.text("All buckets are encrypted."));
        AiReply reply = client(model.baseUrl()).complete(ask("Are my buckets encrypted?"));
        assertThat(reply.content()).isEqualTo("All buckets are encrypted.");
        assertThat(reply.toolCalls()).isEmpty();
        assertThat(model.received()).hasSize(1);
        assertThat(model.received().get(0).path()).isEqualTo("/v1/chat/completions");
        assertThat(model.received().get(0).body()).contains("Are my buckets encrypted?");
    }

    @Test
    void complete_sendsTheResponseSchemaAndTheTools() {
        model.then(ScriptedModelServer.text("{\"answer\":\"yes\"}"));
        AiRequest r = ask("x").withSchema("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}")
                .withTools(List.of(new AiTool("list_findings", "Lists findings", "{\"type\":\"object\"}")));
        assertThat(client(model.baseUrl()).complete(r).content()).isEqualTo("{\"answer\":\"yes\"}");
        String body = model.received().get(0).body();
        assertThat(body).contains("json_schema").contains("\"answer\"").contains("list_findings");
    }

    @Test
    void complete_returnsToolCalls_andTheirResultsGoBackInTheConversation() {
        model.then(ScriptedModelServer.toolCall("list_findings", "{\"severity\":\"high\"}"),
                ScriptedModelServer.text("Two high findings."));
        AiClient client = client(model.baseUrl());
        AiRequest first = ask("What is high?").withTools(List.of(new AiTool("list_findings", "Lists findings", "{\"type\":\"object\"}")));
        AiReply calls = client.complete(first);
        assertThat(calls.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("list_findings");
            assertThat(c.argumentsJson()).isEqualTo("{\"severity\":\"high\"}");
            assertThat(c.id()).isNotEmpty();
        });
        List<AiMessage> next = new ArrayList<>(first.messages());
        next.add(AiMessage.assistant(calls));
        next.add(AiMessage.toolResult(calls.toolCalls().get(0).id(), "[{\"id\":\"f-1\"},{\"id\":\"f-2\"}]"));
        AiReply answer = client.complete(new AiRequest(next, first.responseSchema(), first.tools(), first.timeout()));
        assertThat(answer.content()).isEqualTo("Two high findings.");
        String second = model.received().get(1).body();
        assertThat(second).contains("tool_call_id").contains(calls.toolCalls().get(0).id()).contains("f-2");
    }

    @Test
    void stream_deliversTheChunksInOrder_andTheWholeReply() {
        model.then(new ScriptedModelServer.Chunks(List.of("Your ", "posture ", "is ", "92.5%.")));
        List<String> chunks = new ArrayList<>();
        AiReply reply = client(model.baseUrl()).stream(ask("posture?"), chunks::add);
        assertThat(chunks).containsExactly("Your ", "posture ", "is ", "92.5%.");
        assertThat(reply.content()).isEqualTo("Your posture is 92.5%.");
        assertThat(model.received().get(0).streamed()).isTrue();
    }

    @Test
    void stream_assemblesToolCallsFromTheirDeltas() {
        model.then(ScriptedModelServer.toolCall("get_metrics", "{\"window_days\":30}"));
        AiReply reply = client(model.baseUrl()).stream(ask("metrics?")
                .withTools(List.of(new AiTool("get_metrics", "Metrics", "{\"type\":\"object\"}"))), t -> { });
        assertThat(reply.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("get_metrics");
            assertThat(c.argumentsJson()).isEqualTo("{\"window_days\":30}");
        });
    }

    @Test
    void aServerError_isDependencyUnavailable() {
        model.then(ScriptedModelServer.status(500));
        assertThatThrownBy(() -> client(model.baseUrl()).complete(ask("x")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    void aMalformedBody_isDependencyUnavailable() {
        model.then(ScriptedModelServer.malformed());
        assertThatThrownBy(() -> client(model.baseUrl()).complete(ask("x")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHangPastTheTimeout_isDependencyUnavailable_longBeforeTheHangEnds() {
        model.then(ScriptedModelServer.hang(Duration.ofSeconds(60)), ScriptedModelServer.hang(Duration.ofSeconds(60)));
        AiRequest quick = AiRequest.of(List.of(AiMessage.user("x")), Duration.ofMillis(300));
        AiClient client = client(model.baseUrl());
        assertThatThrownBy(() -> client.complete(quick))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        assertThatThrownBy(() -> client.stream(quick, t -> { }))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }

    @Test
    void anUnreachableService_isDependencyUnavailable() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        AiClient client = client(URI.create("http://127.0.0.1:" + closed + "/v1"));
        assertThatThrownBy(() -> client.complete(ask("x")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }
}
