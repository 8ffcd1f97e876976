package io.praetor.domain.act;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.usecase.ElevationUseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JIT elevation (API.md "Elevation"): an operator or approver asks, an admin who is neither the
 * requester nor the requester of the bound action approves, and the elevation is active from then
 * until exactly {@code approval + duration} by the injected clock. Expiry is computed, not swept:
 * an active elevation reads as {@code expired} from {@code expires_at} on.
 */
public final class ElevationService implements ElevationUseCases {
    /** The longest elevation API.md allows. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(60);

    private final ActPorts ports;

    public ElevationService(ActPorts ports) {
        this.ports = ports;
    }

    @Override
    public Elevation requestElevation(Principal principal, String reason, Duration duration, Optional<String> actionId) {
        if (!principal.has(Role.OPERATOR) && !principal.has(Role.APPROVER)) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "requesting an elevation needs the operator or approver role");
        }
        if (reason.isBlank()) throw new PraetorException(ErrorCode.VALIDATION, "an elevation needs a reason");
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new PraetorException(ErrorCode.VALIDATION, "duration_minutes must be between 1 and 60");
        }
        TenantId tenant = principal.tenant();
        actionId.ifPresent(id -> ports.actions().get(tenant, id).orElseThrow(() -> PraetorException.notFound("action " + id)));
        Elevation e = new Elevation(UUID.randomUUID().toString(), principal.subject(), reason, actionId,
                ElevationState.PENDING, ports.clock().instant(), duration, Optional.empty(), Optional.empty(), 1);
        ports.elevations().create(tenant, e);
        return e;
    }

    @Override
    public Elevation approveElevation(Principal principal, String elevationId) {
        requireAdmin(principal, "approving");
        Elevation e = get(principal.tenant(), elevationId);
        Instant now = ports.clock().instant();
        requireState(e, now, ElevationState.PENDING, "approve");
        if (e.principal().equals(principal.subject())) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "four eyes: nobody approves their own elevation");
        }
        Optional<Action> bound = e.actionId().flatMap(id -> ports.actions().get(principal.tenant(), id));
        if (bound.isPresent() && bound.get().requestedBy().equals(principal.subject())) {
            throw new PraetorException(ErrorCode.FORBIDDEN,
                    "four eyes: the requester of action " + bound.get().id() + " cannot approve an elevation for it");
        }
        return store(principal.tenant(), e, new Elevation(e.id(), e.principal(), e.reason(), e.actionId(),
                ElevationState.ACTIVE, e.requestedAt(), e.duration(), Optional.of(principal.subject()),
                Optional.of(now.plus(e.duration())), e.revision() + 1), "approve");
    }

    @Override
    public Elevation rejectElevation(Principal principal, String elevationId) {
        requireAdmin(principal, "rejecting");
        Elevation e = get(principal.tenant(), elevationId);
        requireState(e, ports.clock().instant(), ElevationState.PENDING, "reject");
        return store(principal.tenant(), e, moved(e, ElevationState.REJECTED), "reject");
    }

    @Override
    public Elevation revokeElevation(Principal principal, String elevationId) {
        Elevation e = get(principal.tenant(), elevationId);
        if (!principal.has(Role.ADMIN) && !e.principal().equals(principal.subject())) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "only the holder or an admin may revoke an elevation");
        }
        ElevationState now = e.stateAt(ports.clock().instant());
        if (now != ElevationState.PENDING && now != ElevationState.ACTIVE) {
            throw new PraetorException(ErrorCode.INVALID_TRANSITION, "cannot revoke an elevation that is " + now.wireName());
        }
        return store(principal.tenant(), e, moved(e, ElevationState.REVOKED), "revoke");
    }

    /** Elevations of the tenant, newest first, each with its state as of now (expired ones read as expired). */
    @Override
    public List<Elevation> elevations(Principal principal, Optional<ElevationState> state) {
        if (!principal.has(Role.VIEWER)) throw new PraetorException(ErrorCode.FORBIDDEN, "listing elevations needs the viewer role");
        Instant now = ports.clock().instant();
        return ports.elevations().list(principal.tenant()).stream()
                .map(e -> asOf(e, now))
                .filter(e -> state.map(s -> s == e.state()).orElse(true))
                .toList();
    }

    /** The elevation with its stored state replaced by its state at {@code now}. */
    public static Elevation asOf(Elevation e, Instant now) {
        ElevationState s = e.stateAt(now);
        return s == e.state() ? e : new Elevation(e.id(), e.principal(), e.reason(), e.actionId(), s, e.requestedAt(),
                e.duration(), e.approvedBy(), e.expiresAt(), e.revision());
    }

    private Elevation get(TenantId tenant, String id) {
        return ports.elevations().get(tenant, id).orElseThrow(() -> PraetorException.notFound("elevation " + id));
    }

    private static void requireAdmin(Principal p, String doing) {
        if (!p.has(Role.ADMIN)) throw new PraetorException(ErrorCode.FORBIDDEN, doing + " an elevation needs the admin role");
    }

    private static void requireState(Elevation e, Instant now, ElevationState wanted, String verb) {
        ElevationState s = e.stateAt(now);
        if (s != wanted) {
            throw new PraetorException(ErrorCode.INVALID_TRANSITION, "cannot " + verb + " an elevation that is " + s.wireName());
        }
    }

    private static Elevation moved(Elevation e, ElevationState next) {
        return new Elevation(e.id(), e.principal(), e.reason(), e.actionId(), next, e.requestedAt(), e.duration(),
                e.approvedBy(), e.expiresAt(), e.revision() + 1);
    }

    private Elevation store(TenantId tenant, Elevation before, Elevation after, String verb) {
        if (!ports.elevations().update(tenant, after, before.revision())) {
            Elevation now = get(tenant, before.id());
            throw new PraetorException(ErrorCode.INVALID_TRANSITION, "cannot " + verb + " an elevation that is "
                    + now.stateAt(ports.clock().instant()).wireName() + " (someone decided it first)");
        }
        return after;
    }
}
