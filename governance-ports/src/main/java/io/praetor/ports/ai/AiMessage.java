package io.praetor.ports.ai;

import java.util.Objects;

/** {@code role} is system, user, assistant or tool. */
public record AiMessage(String role, String content) {
    public AiMessage {
        Objects.requireNonNull(role);
        Objects.requireNonNull(content);
    }
}
