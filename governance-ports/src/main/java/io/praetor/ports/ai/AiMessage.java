package io.praetor.ports.ai;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation with the model. {@code role} is system, user, assistant or tool;
 * an assistant message may carry the tool calls the model asked for, and a tool message answers
 * one of them ({@code toolCallId}).
 */
public record AiMessage(String role, String content, List<AiToolCall> toolCalls, Optional<String> toolCallId) {
    public AiMessage {
        Objects.requireNonNull(role);
        Objects.requireNonNull(content);
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(toolCallId);
        if (role.equals("tool") && toolCallId.isEmpty()) {
            throw new IllegalArgumentException("a tool message answers a tool call: toolCallId is required");
        }
    }

    public AiMessage(String role, String content) {
        this(role, content, List.of(), Optional.empty());
    }

    public static AiMessage system(String content) {
        return new AiMessage("system", content);
    }

    public static AiMessage user(String content) {
        return new AiMessage("user", content);
    }

    /** The model's turn as it answered it, so the conversation can continue after its tool calls. */
    public static AiMessage assistant(AiReply reply) {
        return new AiMessage("assistant", reply.content(), reply.toolCalls(), Optional.empty());
    }

    public static AiMessage toolResult(String toolCallId, String content) {
        return new AiMessage("tool", content, List.of(), Optional.of(toolCallId));
    }
}
