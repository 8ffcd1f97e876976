package io.praetor.ports.ai;

import java.util.List;
import java.util.Objects;

public record AiReply(String content, List<AiToolCall> toolCalls, String model) {
    public AiReply {
        Objects.requireNonNull(content);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(model);
    }
}
