package io.praetor.ports.ai;

import java.util.Objects;

/** A call the model asks for: the tool's name and its arguments as the JSON text the model wrote (not trusted). */
public record AiToolCall(String id, String name, String argumentsJson) {
    public AiToolCall {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(argumentsJson);
    }
}
