package io.praetor.ports.ai;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One completion request. {@code responseSchema} (JSON Schema text) asks for structured output;
 * {@code timeout} bounds the whole call.
 */
public record AiRequest(List<AiMessage> messages, Optional<String> responseSchema, List<AiTool> tools,
                        Duration timeout) {
    public AiRequest {
        messages = List.copyOf(messages);
        Objects.requireNonNull(responseSchema);
        tools = List.copyOf(tools);
        Objects.requireNonNull(timeout);
    }
}
