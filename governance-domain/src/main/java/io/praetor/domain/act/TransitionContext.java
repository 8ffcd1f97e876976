package io.praetor.domain.act;

import io.praetor.ports.action.Elevation;
import io.praetor.ports.policy.PolicyMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a transition may depend on besides the action and the command, gathered by the caller so
 * that {@link ActionTransitions#decide} stays a pure function.
 *
 * @param now the clock's instant, the time of the transition and of elevation checks
 * @param elevations the elevations held by whoever the command acts as (any state; expiry is checked at {@code now})
 * @param policyMode the mode of the action's policy, when it has one and the command reads it
 * @param resourceVersion the stored version of the action's resource, when known and the command reads it
 *        (for staleness at run); see {@link ActionTransitions#factsRead}
 */
public record TransitionContext(Instant now, List<Elevation> elevations, Optional<PolicyMode> policyMode,
                                OptionalLong resourceVersion) {
    public TransitionContext {
        Objects.requireNonNull(now);
        elevations = List.copyOf(elevations);
        Objects.requireNonNull(policyMode);
        Objects.requireNonNull(resourceVersion);
    }

    public static TransitionContext at(Instant now) {
        return new TransitionContext(now, List.of(), Optional.empty(), OptionalLong.empty());
    }

    public TransitionContext withElevations(List<Elevation> held) {
        return new TransitionContext(now, held, policyMode, resourceVersion);
    }

    public TransitionContext withPolicyMode(PolicyMode mode) {
        return new TransitionContext(now, elevations, Optional.of(mode), resourceVersion);
    }

    public TransitionContext withResourceVersion(long version) {
        return new TransitionContext(now, elevations, policyMode, OptionalLong.of(version));
    }
}
