package io.praetor.ports.action;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an action will do, fixed before approval.
 *
 * @param diff RFC 6902 operations from {@code priorState} to {@code plannedState}, as JSON trees
 * @param baseVersion the resource version the plan was made from; a run against another version re-plans
 * @param priorState the handler's view of the resource at plan time (what rollback restores)
 * @param plannedState the state the handler will produce
 * @param details handler-specific rendering, e.g. the request a webhook will send
 */
public record Plan(
        String summary,
        List<Map<String, Object>> diff,
        boolean destructive,
        long baseVersion,
        Instant plannedAt,
        Map<String, Object> priorState,
        Map<String, Object> plannedState,
        Map<String, Object> details) {
    public Plan {
        Objects.requireNonNull(summary);
        diff = List.copyOf(diff);
        Objects.requireNonNull(plannedAt);
        Objects.requireNonNull(priorState);
        Objects.requireNonNull(plannedState);
        Objects.requireNonNull(details);
    }
}
