package io.praetor.domain.act;

import io.praetor.domain.act.StepRunner.Outcome;
import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.domain.act.TransitionDecision.Reason;
import io.praetor.domain.act.TransitionDecision.Rejected;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.Plan;
import io.praetor.ports.action.TransitionOutcome;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.ActionUseCases;
import io.praetor.ports.usecase.ElevationUseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The act use cases: {@code POST /actions} and the commands of API.md's action table, and JIT
 * elevation (delegated to {@link ElevationService}). Every command reads the action, asks
 * {@link ActionTransitions} and stores the accepted transition under the resource's lease (its
 * fencing token guards the conditional update), with its events, in one transaction; the
 * {@link ActionExecutor} does the handler work. A command that lost a race is decided again
 * against the action as it now is, so of two concurrent approvals exactly one wins.
 *
 * <p>Also the {@link AutoRemediation} listener: an {@code auto}-mode policy's new finding starts its
 * action by itself. Thread-safe.
 */
public final class ActionService implements ActionUseCases, ElevationUseCases, AutoRemediation {
    private static final int RACE_RETRIES = 5;

    private final ActPorts ports;
    private final ActionSteps steps;
    private final TransitionWriter writer;
    private final ElevationService elevations;
    private final ActionArtifacts artifacts;

    /**
     * @param artifacts where the response of a person's rollback is kept as evidence
     * @param journal told about every stored action event (the audit trail)
     */
    public ActionService(ActPorts ports, ActionHandlers handlers, ActSettings settings, ActionArtifacts artifacts,
                         ActionJournal journal) {
        this.ports = ports;
        this.artifacts = artifacts;
        this.steps = new ActionSteps(ports, handlers, settings);
        this.writer = new TransitionWriter(ports, journal);
        this.elevations = new ElevationService(ports);
    }

    public ActionService(ActPorts ports, ActionHandlers handlers, ActSettings settings, ActionArtifacts artifacts) {
        this(ports, handlers, settings, artifacts, ActionJournal.NONE);
    }

    public ActionService(ActPorts ports, ActionHandlers handlers, ActSettings settings) {
        this(ports, handlers, settings, ActionArtifacts.NONE);
    }

    public ActionService(ActPorts ports, ActionHandlers handlers) {
        this(ports, handlers, ActSettings.DEFAULTS);
    }

    // ---- POST /actions

    @Override
    public Action requestAction(Principal principal, ActionRequest request) {
        require(principal, Role.OPERATOR, "requesting an action");
        TenantId tenant = principal.tenant();
        if (request.findingId().isPresent()) {
            if (request.resourceId().isPresent() || request.handler().isPresent()) {
                throw new PraetorException(ErrorCode.VALIDATION, "give finding_id, or resource_id with handler and params, not both");
            }
            Finding finding = ports.findings().get(tenant, request.findingId().get())
                    .orElseThrow(() -> PraetorException.notFound("finding " + request.findingId().get()));
            Policy policy = ports.policies().get(tenant, finding.policyId()).orElseThrow(() ->
                    new PraetorException(ErrorCode.VALIDATION, "the finding's policy " + finding.policyId() + " no longer exists"));
            Remediation remediation = remediationOf(policy);
            return open(tenant, Optional.of(principal), finding.resourceId(), remediation.handler(), remediation.params(),
                    Optional.of(finding), Optional.of(policy.id()), request.dryRun(), request.reason());
        }
        String resourceId = request.resourceId().orElseThrow(() ->
                new PraetorException(ErrorCode.VALIDATION, "give finding_id, or resource_id with handler"));
        String handler = request.handler().orElseThrow(() ->
                new PraetorException(ErrorCode.VALIDATION, "an action on a resource needs a handler"));
        return open(tenant, Optional.of(principal), resourceId, handler, request.params(), Optional.empty(), Optional.empty(),
                request.dryRun(), request.reason());
    }

    /** Auto mode: a newly opened finding of an {@code auto} policy with a usable remediation starts its action. */
    @Override
    public void onFindingOpened(TenantId tenant, Finding finding, Policy policy) {
        if (policy.mode() != PolicyMode.AUTO || policy.remediation().isEmpty()
                || steps.handlers().find(policy.remediation().get().handler()).isEmpty()) {
            return;
        }
        boolean live = finding.actionIds().stream().map(id -> ports.actions().get(tenant, id))
                .flatMap(Optional::stream).anyMatch(a -> !a.state().isFinal());
        if (live) return;
        Remediation r = policy.remediation().get();
        open(tenant, Optional.empty(), finding.resourceId(), r.handler(), r.params(), Optional.of(finding),
                Optional.of(policy.id()), false, "auto-mode policy " + policy.id() + ": finding " + finding.id() + " opened");
    }

    private Remediation remediationOf(Policy policy) {
        if (policy.mode() == PolicyMode.AUDIT) {
            throw new PraetorException(ErrorCode.VALIDATION, "policy " + policy.id() + " is in audit mode: it opens findings only");
        }
        return policy.remediation().orElseThrow(() ->
                new PraetorException(ErrorCode.VALIDATION, "policy " + policy.id() + " has no remediation"));
    }

    /** {@code requester} is the person asking, empty for the system (auto mode). */
    private Action open(TenantId tenant, Optional<Principal> requester, String resourceId, String handler,
                        Map<String, Object> params, Optional<Finding> finding, Optional<String> policyId, boolean dryRun, String reason) {
        if (steps.handlers().find(handler).isEmpty()) {
            throw new PraetorException(ErrorCode.VALIDATION, "no installed handler is named " + handler
                    + " (installed: " + steps.handlers().names() + ")");
        }
        Resource resource = ports.resources().get(tenant, resourceId)
                .orElseThrow(() -> new PraetorException(ErrorCode.VALIDATION, "no resource " + resourceId + " in the inventory"));
        Instant now = ports.clock().instant();
        String requestedBy = requester.map(Principal::subject).orElse(Principal.SYSTEM_SUBJECT);
        Action draft = new Action(UUID.randomUUID().toString(), ActionState.QUEUED, handler, resource.id(), resource.key(),
                finding.map(Finding::id), policyId, requestedBy, dryRun, reason, JsonTrees.freezeObject(params), List.of(),
                Optional.empty(), Optional.empty(), List.of(), now, now, 0, 0, 0);
        Accepted opened = ActionTransitions.open(draft);
        return writer.create(tenant, opened, requester, () -> finding.ifPresent(f -> ports.findings().get(tenant, f.id())
                .ifPresent(stored -> ports.findings().putAll(tenant, List.of(stored.withActionId(draft.id()))))));
    }

    // ---- commands

    @Override
    public Action approve(Principal principal, String actionId, String comment) {
        return command(principal, actionId, a -> new ActionCommand.Approve(principal, comment));
    }

    @Override
    public Action cancel(Principal principal, String actionId) {
        return command(principal, actionId, a -> new ActionCommand.Cancel(principal));
    }

    @Override
    public Action redrive(Principal principal, String actionId) {
        return command(principal, actionId, a -> new ActionCommand.Redrive(principal));
    }

    /** approved → in_progress; a plan made against an older resource version is re-planned and answered PLAN_STALE. */
    @Override
    public Action run(Principal principal, String actionId) {
        return underLease(principal, actionId, new ActionCommand.Run(principal), (a, decision, lease) -> {
            if (decision instanceof Rejected r && r.reason() == Reason.PLAN_STALE) {
                replan(principal.tenant(), a, lease, r);
            }
            return List.of();
        });
    }

    /** completed → rolled_back: the handler restores the state recorded at plan time, then the transition is stored. */
    @Override
    public Action rollback(Principal principal, String actionId) {
        return underLease(principal, actionId, new ActionCommand.Rollback(principal), (a, decision, lease) -> {
            if (!(decision instanceof Accepted)) return List.of();
            ActionHandler handler = steps.handlers().find(a.handler()).orElseThrow(() ->
                    new PraetorException(ErrorCode.INVALID_TRANSITION, "handler " + a.handler() + " is not installed: cannot roll back"));
            HandlerContext ctx = steps.handlerContext(principal.tenant(), a).orElseThrow(() ->
                    new PraetorException(ErrorCode.INVALID_TRANSITION, "resource " + a.resourceId() + " is gone: cannot roll back"));
            Outcome<Map<String, Object>> out = steps.runner().run(() -> handler.rollback(ctx, ActionSteps.change(a.plan().orElseThrow())));
            return switch (out) {
                case Outcome.Done<Map<String, Object>> d -> recordResponse(principal.tenant(), a, d.value());
                case Outcome.GaveUp<Map<String, Object>> g -> throw rollbackFailed(g);
            };
        });
    }

    private List<EvidenceRef> recordResponse(TenantId tenant, Action a, Map<String, Object> response) {
        try {
            return artifacts.record(tenant, a.id(), "rollback-response.json", "application/json", ActJson.write(response))
                    .map(List::of).orElse(List.of());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The honest answer to a failed rollback of a completed action: was anything restored? */
    private static PraetorException rollbackFailed(Outcome.GaveUp<?> g) {
        ErrorCode code = g.code().orElse(ErrorCode.OUTCOME_UNKNOWN);
        boolean nothingRestored = code == ErrorCode.DEPENDENCY_UNAVAILABLE
                || (code != ErrorCode.TRANSIENT && code != ErrorCode.OUTCOME_UNKNOWN && g.code().isPresent());
        return new PraetorException(nothingRestored ? code : ErrorCode.OUTCOME_UNKNOWN,
                "rollback failed: " + g.describe() + "; the action stays completed and "
                        + (nothingRestored ? "nothing was restored" : "the prior state may have been partly restored"));
    }

    private void replan(TenantId tenant, Action a, Lease lease, Rejected stale) {
        ActionHandler handler = steps.handlers().find(a.handler()).orElseThrow(() ->
                new PraetorException(ErrorCode.PLAN_STALE, stale.message() + "; handler " + a.handler() + " is not installed"));
        HandlerContext ctx = steps.handlerContext(tenant, a).orElseThrow(() ->
                new PraetorException(ErrorCode.PLAN_STALE, stale.message() + "; the resource is gone"));
        Plan fresh = switch (steps.plan(handler, ctx)) {
            case Outcome.Done<Plan> d -> d.value();
            case Outcome.GaveUp<Plan> g -> throw new PraetorException(ErrorCode.PLAN_STALE,
                    stale.message() + "; re-planning failed: " + g.describe());
        };
        TransitionDecision d = ActionTransitions.decide(a, new ActionCommand.Replan(fresh),
                TransitionContext.at(ports.clock().instant()));
        if (d instanceof Accepted acc) {
            writer.write(tenant, a, acc, lease.fencingToken(), false, Optional.empty(), () -> { });
        }
    }

    /** What a command does with the resource lease held, before its transition is stored. */
    @FunctionalInterface
    private interface UnderLease {
        /** Runs the command's side effect; may throw to abort; returns evidence to list on the action. */
        List<EvidenceRef> apply(Action current, TransitionDecision decision, Lease lease);
    }

    private Action command(Principal principal, String actionId, Function<Action, ActionCommand> command) {
        Action a = get(principal.tenant(), actionId);
        return underLease(principal, actionId, command.apply(a), (x, d, l) -> List.of());
    }

    private Action underLease(Principal principal, String actionId, ActionCommand command, UnderLease sideEffect) {
        TenantId tenant = principal.tenant();
        Action first = get(tenant, actionId);
        // Reject early without the lease; a command that may be accepted is decided again under it.
        TransitionDecision early = ActionTransitions.decide(first, command, steps.transitionContext(tenant, first, command));
        if (early instanceof Rejected r && r.reason() != Reason.PLAN_STALE) throw r.toException();
        Lease lease = steps.leaseForCommand(tenant, first.resourceId(), "command:" + UUID.randomUUID());
        try {
            for (int i = 0; i < RACE_RETRIES; i++) {
                Action a = get(tenant, actionId);
                TransitionDecision decision = ActionTransitions.decide(a, command, steps.transitionContext(tenant, a, command));
                List<EvidenceRef> evidence = sideEffect.apply(a, decision, lease);
                Accepted accepted = switch (decision) {
                    case Rejected r -> throw r.toException();
                    case Accepted acc -> evidence.isEmpty() ? acc : new Accepted(acc.next().withEvidence(
                            java.util.stream.Stream.concat(acc.next().evidence().stream(), evidence.stream()).toList()), acc.event());
                };
                TransitionOutcome outcome = writer.write(tenant, a, accepted, lease.fencingToken(),
                        TransitionWriter.needsExecutor(accepted.next()), Optional.of(principal), () -> { });
                switch (outcome) {
                    case TransitionOutcome.Applied applied -> {
                        return applied.action();
                    }
                    case TransitionOutcome.RevisionConflict c -> { }
                    case TransitionOutcome.FencedOut f -> throw new PraetorException(ErrorCode.CONFLICT,
                            "a newer holder of the resource lease changed the action first; try again");
                    case TransitionOutcome.Missing m -> throw PraetorException.notFound("action " + actionId);
                }
            }
            throw new PraetorException(ErrorCode.CONFLICT, "the action kept changing; try again");
        } finally {
            ports.locks().release(lease);
        }
    }

    // ---- reads

    @Override
    public Action action(Principal principal, String actionId) {
        require(principal, Role.VIEWER, "reading actions");
        return get(principal.tenant(), actionId);
    }

    @Override
    public Page<Action> actions(Principal principal, ActionQuery query, PageRequest page) {
        require(principal, Role.VIEWER, "reading actions");
        return ports.actions().query(principal.tenant(), query, page);
    }

    @Override
    public List<ActionEvent> events(Principal principal, String actionId, long afterSeq, int limit) {
        require(principal, Role.VIEWER, "reading actions");
        get(principal.tenant(), actionId);
        return ports.actionEvents().read(principal.tenant(), actionId, afterSeq, limit);
    }

    private Action get(TenantId tenant, String id) {
        return ports.actions().get(tenant, id).orElseThrow(() -> PraetorException.notFound("action " + id));
    }

    private static void require(Principal p, Role role, String doing) {
        if (!p.has(role)) throw new PraetorException(ErrorCode.FORBIDDEN, doing + " needs the " + role.wireName() + " role");
    }

    // ---- elevation

    @Override
    public Elevation requestElevation(Principal principal, String reason, Duration duration, Optional<String> actionId) {
        return elevations.requestElevation(principal, reason, duration, actionId);
    }

    @Override
    public Elevation approveElevation(Principal principal, String elevationId) {
        return elevations.approveElevation(principal, elevationId);
    }

    @Override
    public Elevation rejectElevation(Principal principal, String elevationId) {
        return elevations.rejectElevation(principal, elevationId);
    }

    @Override
    public Elevation revokeElevation(Principal principal, String elevationId) {
        return elevations.revokeElevation(principal, elevationId);
    }

    @Override
    public List<Elevation> elevations(Principal principal, Optional<ElevationState> state) {
        return elevations.elevations(principal, state);
    }
}
