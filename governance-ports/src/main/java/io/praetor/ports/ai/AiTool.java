package io.praetor.ports.ai;

import java.util.Objects;

/** A tool the model may call; {@code parametersSchema} is a JSON Schema text. */
public record AiTool(String name, String description, String parametersSchema) {
    public AiTool {
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(parametersSchema);
    }
}
