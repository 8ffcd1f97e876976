package io.praetor.adapters.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.ai.AiMessage;
import io.praetor.ports.ai.AiReply;
import io.praetor.ports.ai.AiRequest;
import io.praetor.ports.ai.AiTool;
import io.praetor.ports.ai.AiToolCall;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code POST {base}/chat/completions} with the JDK HttpClient: messages, tools as functions,
 * {@code response_format: json_schema} for structured output, and {@code stream: true} read as
 * server-sent events whose deltas are assembled into text and tool calls. The request's timeout
 * bounds the whole exchange: a body still arriving at the deadline is cut off. Every failure is
 * DEPENDENCY_UNAVAILABLE; nothing is retried here.
 */
final class OpenAiChatClient implements AiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_BODY_CHARS = 300;

    private final OpenAiSettings settings;
    private final HttpClient http;
    private final URI endpoint;

    OpenAiChatClient(OpenAiSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        String base = settings.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public AiReply complete(AiRequest request) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        HttpResponse<byte[]> res = await(http.sendAsync(httpRequest(request, false), HttpResponse.BodyHandlers.ofByteArray()),
                deadline, request.timeout());
        if (res.statusCode() / 100 != 2) {
            throw unavailable("the AI service answered " + res.statusCode() + ": " + snippet(new String(res.body(), StandardCharsets.UTF_8)));
        }
        JsonNode root;
        try {
            root = JSON.readTree(res.body());
        } catch (IOException e) {
            throw unavailable("the AI service answered a body that is not JSON");
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) throw unavailable("the AI service answered without choices[0].message");
        List<AiToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            if (!fn.path("name").isTextual()) throw unavailable("the AI service answered a tool call without a name");
            calls.add(new AiToolCall(c.path("id").asText("call_" + calls.size()), fn.path("name").asText(),
                    fn.path("arguments").isTextual() ? fn.path("arguments").asText() : fn.path("arguments").toString()));
        }
        JsonNode content = message.path("content");
        return new AiReply(content.isTextual() ? content.asText() : "", calls, root.path("model").asText(settings.model()));
    }

    @Override
    public AiReply stream(AiRequest request, Consumer<String> onChunk) {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        HttpResponse<InputStream> res = await(http.sendAsync(httpRequest(request, true), HttpResponse.BodyHandlers.ofInputStream()),
                deadline, request.timeout());
        InputStream in = res.body();
        if (res.statusCode() / 100 != 2) {
            String body;
            try (in) {
                body = new String(in.readNBytes(ERROR_BODY_CHARS), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw unavailable("the AI service answered " + res.statusCode() + ": " + snippet(body));
        }
        // the body may trickle: cut it off at the deadline, whatever the reader is waiting for
        AtomicBoolean cut = new AtomicBoolean();
        long left = Math.max(1, deadline - System.nanoTime());
        CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(() -> {
            cut.set(true);
            closeQuietly(in);
        });
        StringBuilder text = new StringBuilder();
        Map<Integer, PartialCall> calls = new TreeMap<>();
        String model = settings.model();
        boolean finished = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) continue; // comments, event names, blank separators
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    finished = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = JSON.readTree(data);
                } catch (JsonProcessingException e) {
                    throw unavailable("the AI service streamed a chunk that is not JSON");
                }
                model = chunk.path("model").asText(model);
                JsonNode choice = chunk.path("choices").path(0);
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isTextual() && !delta.path("content").asText().isEmpty()) {
                    String piece = delta.path("content").asText();
                    text.append(piece);
                    onChunk.accept(piece);
                }
                for (JsonNode tc : delta.path("tool_calls")) {
                    PartialCall p = calls.computeIfAbsent(tc.path("index").asInt(calls.size()), i -> new PartialCall());
                    if (tc.path("id").isTextual()) p.id = tc.path("id").asText();
                    JsonNode fn = tc.path("function");
                    if (fn.path("name").isTextual()) p.name.append(fn.path("name").asText());
                    if (fn.path("arguments").isTextual()) p.arguments.append(fn.path("arguments").asText());
                }
                if (choice.path("finish_reason").isTextual()) finished = true;
            }
        } catch (IOException e) {
            if (cut.get()) throw unavailable("the AI service did not finish within " + request.timeout().toMillis() + " ms");
            throw unavailable("the AI service stream broke: " + e.getClass().getSimpleName());
        } finally {
            closeQuietly(in);
        }
        if (!finished) {
            throw unavailable(cut.get() ? "the AI service did not finish within " + request.timeout().toMillis() + " ms"
                    : "the AI service stream ended before it finished");
        }
        List<AiToolCall> out = new ArrayList<>();
        for (var e : calls.entrySet()) {
            PartialCall p = e.getValue();
            if (p.name.isEmpty()) throw unavailable("the AI service streamed a tool call without a name");
            out.add(new AiToolCall(p.id == null ? "call_" + e.getKey() : p.id, p.name.toString(), p.arguments.toString()));
        }
        return new AiReply(text.toString(), out, model);
    }

    private static final class PartialCall {
        String id;
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }

    private HttpRequest httpRequest(AiRequest request, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(request.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request, stream)));
        settings.apiKey().ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b.build();
    }

    private byte[] body(AiRequest request, boolean stream) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", settings.model());
        ArrayNode messages = root.putArray("messages");
        for (AiMessage m : request.messages()) {
            ObjectNode node = messages.addObject();
            node.put("role", m.role());
            if (m.content().isEmpty() && !m.toolCalls().isEmpty()) node.putNull("content");
            else node.put("content", m.content());
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = node.putArray("tool_calls");
                for (AiToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            }
            m.toolCallId().ifPresent(id -> node.put("tool_call_id", id));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (AiTool t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name());
                fn.put("description", t.description());
                fn.set("parameters", schema(t.parametersSchema(), "tool " + t.name()));
            }
        }
        request.responseSchema().ifPresent(s -> {
            ObjectNode format = root.putObject("response_format");
            format.put("type", "json_schema");
            format.putObject("json_schema").put("name", "praetor_response").set("schema", schema(s, "response schema"));
        });
        if (stream) root.put("stream", true);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode schema(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> future, long deadline, Duration timeout) {
        try {
            return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable("the AI service did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("the call to the AI service was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof java.net.http.HttpTimeoutException
                    ? "did not answer within " + timeout.toMillis() + " ms"
                    : "is unreachable (" + cause.getClass().getSimpleName() + ")";
            throw unavailable("the AI service at " + settings.baseUrl() + " " + why);
        }
    }

    private static String snippet(String body) {
        String s = body.replaceAll("\\s+", " ").trim();
        return s.length() > ERROR_BODY_CHARS ? s.substring(0, ERROR_BODY_CHARS) + "…" : s;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is best effort: the stream is abandoned either way
        }
    }

    private static PraetorException unavailable(String message) {
        return new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, message);
    }
}
