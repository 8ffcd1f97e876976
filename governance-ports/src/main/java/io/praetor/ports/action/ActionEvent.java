package io.praetor.ports.action;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One step of an action's life. {@code seq} is per action, from 1, contiguous; {@code type} is
 * {@code action.<state>} or {@code action.progress}.
 */
public record ActionEvent(String actionId, long seq, String type, ActionState state, Instant at, String message,
                          Map<String, Object> data) {
    public ActionEvent {
        Objects.requireNonNull(actionId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(state);
        Objects.requireNonNull(at);
        Objects.requireNonNull(message);
        Objects.requireNonNull(data);
        if (seq < 1) throw new IllegalArgumentException("action event seq starts at 1");
    }

    public static String typeOf(ActionState state) {
        return "action." + state.wireName();
    }

    public static final String PROGRESS = "action.progress";
}
