package io.praetor.ports.ai;

import java.util.List;
import java.util.Objects;

/** The model's answer: text (may be empty when it only calls tools), tool calls, and which model answered. */
public record AiReply(String content, List<AiToolCall> toolCalls, String model) {
    public AiReply {
        Objects.requireNonNull(content);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(model);
    }
}
