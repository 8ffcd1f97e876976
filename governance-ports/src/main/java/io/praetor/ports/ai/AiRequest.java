package io.praetor.ports.ai;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One completion request. {@code responseSchema} (a JSON Schema text) asks for structured output
 * that the schema describes; {@code tools} are the functions the model may call; {@code timeout}
 * bounds the whole call, streaming included.
 */
public record AiRequest(List<AiMessage> messages, Optional<String> responseSchema, List<AiTool> tools,
                        Duration timeout) {
    public AiRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) throw new IllegalArgumentException("a request needs at least one message");
        Objects.requireNonNull(responseSchema);
        tools = List.copyOf(tools);
        Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    public static AiRequest of(List<AiMessage> messages, Duration timeout) {
        return new AiRequest(messages, Optional.empty(), List.of(), timeout);
    }

    public AiRequest withSchema(String jsonSchema) {
        return new AiRequest(messages, Optional.of(jsonSchema), tools, timeout);
    }

    public AiRequest withTools(List<AiTool> all) {
        return new AiRequest(messages, responseSchema, all, timeout);
    }
}
