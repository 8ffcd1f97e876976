package io.praetor.ports.action;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A just-in-time elevation. The stored {@code state} is the last decision; {@link #stateAt} adds
 * expiry, which is exact: an active elevation is expired from {@code expiresAt} on.
 */
public record Elevation(
        String id,
        String principal,
        String reason,
        Optional<String> actionId,
        ElevationState state,
        Instant requestedAt,
        Duration duration,
        Optional<String> approvedBy,
        Optional<Instant> expiresAt,
        long revision) {

    public Elevation {
        Objects.requireNonNull(id);
        Objects.requireNonNull(principal);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(actionId);
        Objects.requireNonNull(state);
        Objects.requireNonNull(requestedAt);
        Objects.requireNonNull(duration);
        Objects.requireNonNull(approvedBy);
        Objects.requireNonNull(expiresAt);
    }

    public ElevationState stateAt(Instant now) {
        if (state == ElevationState.ACTIVE && expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
            return ElevationState.EXPIRED;
        }
        return state;
    }

    /** Whether it lets {@code subject} act on {@code action} at {@code now}. */
    public boolean empowers(String subject, String action, Instant now) {
        return principal.equals(subject) && stateAt(now) == ElevationState.ACTIVE
                && actionId.map(action::equals).orElse(true);
    }
}
