package io.praetor.domain.act;

import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.action.Plan;
import io.praetor.ports.inventory.ResourceKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test fixtures of act: principals, actions in a given state, plans and elevations. */
final class ActFixtures {
    static final TenantId TENANT = TenantId.of("t1");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private ActFixtures() {}

    static Principal principal(String subject, Role... roles) {
        return new Principal(subject, TENANT, Set.of(roles));
    }

    static Plan plan(boolean destructive, long baseVersion) {
        return new Plan("set x", JsonPatchDiff.diff(Map.of("x", 1L), Map.of("x", 2L)), destructive, baseVersion, T0,
                Map.of("x", 1L), Map.of("x", 2L), Map.of());
    }

    /** An action in {@code state} requested by alice, with a non-destructive plan at base version 1. */
    static Action action(ActionState state) {
        return new Action("a1", state, "test.handler", "r1", ResourceKeys.keyOf("r1"), Optional.empty(), Optional.empty(),
                "alice", false, "because", Map.of(), List.of(new Approval("bob", T0, "ok")),
                Optional.of(plan(false, 1)), Optional.empty(), List.of(), T0, T0, 3, 3, 0);
    }

    static Elevation activeElevation(String holder, Optional<String> actionId, Instant expiresAt) {
        return new Elevation("e-" + holder, holder, "incident", actionId, ElevationState.ACTIVE,
                T0, Duration.ofMinutes(30), Optional.of("root"), Optional.of(expiresAt), 2);
    }
}
