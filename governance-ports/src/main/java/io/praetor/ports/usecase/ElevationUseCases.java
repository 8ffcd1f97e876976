package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** JIT elevation: request, decide, revoke; expiry is exact to the second (clock port). */
public interface ElevationUseCases {
    Elevation requestElevation(Principal principal, String reason, Duration duration, Optional<String> actionId);

    Elevation approveElevation(Principal principal, String elevationId);

    Elevation rejectElevation(Principal principal, String elevationId);

    Elevation revokeElevation(Principal principal, String elevationId);

    List<Elevation> elevations(Principal principal, Optional<ElevationState> state);
}
