package io.praetor.ports.ai;

import java.util.Objects;

public record AiToolCall(String id, String name, String argumentsJson) {
    public AiToolCall {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(argumentsJson);
    }
}
