package io.praetor.ports.action;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome so far. {@code mayHaveHappened} is true when a failure left it unknown whether the
 * change was applied (the message then says so).
 */
public record ActionResult(String message, Optional<Map<String, Object>> observed, Optional<String> error,
                           boolean mayHaveHappened) {
    public ActionResult {
        Objects.requireNonNull(message);
        Objects.requireNonNull(observed);
        Objects.requireNonNull(error);
    }

    public static ActionResult ok(String message) {
        return new ActionResult(message, Optional.empty(), Optional.empty(), false);
    }
}
