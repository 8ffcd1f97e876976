package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.Principal;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.usecase.ElevationUseCases;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records {@code elevation.request}, {@code .approve}, {@code .reject} and {@code .revoke}
 * (subject: the elevation id) once the delegate succeeded. Expiry is computed, not a request, and
 * records nothing. Listing passes through.
 */
public final class AuditedElevationUseCases implements ElevationUseCases {
    private final ElevationUseCases delegate;
    private final AuditTrail audit;

    public AuditedElevationUseCases(ElevationUseCases delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public Elevation requestElevation(Principal principal, String reason, Duration duration, Optional<String> actionId) {
        Elevation e = delegate.requestElevation(principal, reason, duration, actionId);
        audit.record(principal, LedgerKind.ELEVATION_REQUEST, e.id(), AuditPayloads.elevation(reason, duration, actionId));
        return e;
    }

    @Override
    public Elevation approveElevation(Principal principal, String elevationId) {
        Elevation e = delegate.approveElevation(principal, elevationId);
        audit.record(principal, LedgerKind.ELEVATION_APPROVE, elevationId, AuditPayloads.named("elevation_id", elevationId));
        return e;
    }

    @Override
    public Elevation rejectElevation(Principal principal, String elevationId) {
        Elevation e = delegate.rejectElevation(principal, elevationId);
        audit.record(principal, LedgerKind.ELEVATION_REJECT, elevationId, AuditPayloads.named("elevation_id", elevationId));
        return e;
    }

    @Override
    public Elevation revokeElevation(Principal principal, String elevationId) {
        Elevation e = delegate.revokeElevation(principal, elevationId);
        audit.record(principal, LedgerKind.ELEVATION_REVOKE, elevationId, AuditPayloads.named("elevation_id", elevationId));
        return e;
    }

    @Override
    public List<Elevation> elevations(Principal principal, Optional<ElevationState> state) {
        return delegate.elevations(principal, state);
    }
}
