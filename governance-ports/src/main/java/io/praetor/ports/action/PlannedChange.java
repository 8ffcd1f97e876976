package io.praetor.ports.action;

import java.util.Map;
import java.util.Objects;

/**
 * A handler's plan: the state it sees now and the state it will produce. The domain computes the
 * JSON-Patch diff between the two; {@code details} renders anything else the approver should see.
 */
public record PlannedChange(String summary, Map<String, Object> currentState, Map<String, Object> plannedState,
                            Map<String, Object> details) {
    public PlannedChange {
        Objects.requireNonNull(summary);
        Objects.requireNonNull(currentState);
        Objects.requireNonNull(plannedState);
        Objects.requireNonNull(details);
    }
}
