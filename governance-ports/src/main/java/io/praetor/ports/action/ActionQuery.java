package io.praetor.ports.action;

import java.util.Objects;
import java.util.Optional;

/** Filters of {@code GET /actions}; listing is newest first. */
public record ActionQuery(Optional<ActionState> state, Optional<String> resourceId, Optional<String> policyId) {
    public ActionQuery {
        Objects.requireNonNull(state);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(policyId);
    }

    public static ActionQuery all() {
        return new ActionQuery(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ActionQuery inState(ActionState s) {
        return new ActionQuery(Optional.of(s), Optional.empty(), Optional.empty());
    }

    public boolean matches(Action a) {
        return state.map(s -> s == a.state()).orElse(true)
                && resourceId.map(r -> r.equals(a.resourceId())).orElse(true)
                && policyId.map(p -> a.policyId().map(p::equals).orElse(false)).orElse(true);
    }
}
