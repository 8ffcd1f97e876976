package io.praetor.domain.act;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.Plan;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** What the service and the executor both need: handler contexts, plans, transition contexts and resource leases. */
final class ActionSteps {
    private final ActPorts ports;
    private final ActionHandlers handlers;
    private final ActSettings settings;
    private final StepRunner runner;

    ActionSteps(ActPorts ports, ActionHandlers handlers, ActSettings settings) {
        this.ports = ports;
        this.handlers = handlers;
        this.settings = settings;
        this.runner = new StepRunner(settings);
    }

    StepRunner runner() {
        return runner;
    }

    ActionHandlers handlers() {
        return handlers;
    }

    static String lockName(String resourceId) {
        return "act:resource:" + resourceId;
    }

    /** The context a handler step sees; empty when the resource is gone. */
    Optional<HandlerContext> handlerContext(TenantId tenant, Action a) {
        return ports.resources().get(tenant, a.resourceId()).map(r -> new HandlerContext(tenant, a.id(), r, a.params(),
                a.findingId().flatMap(f -> ports.findings().get(tenant, f)),
                ports.credentials().lookup(tenant, r.provider(), r.account())));
    }

    /** Asks the handler for its change (retrying transient failures) and makes the plan: diff and base version. */
    StepRunner.Outcome<Plan> plan(ActionHandler handler, HandlerContext context) {
        Resource resource = context.resource();
        return runner.run(() -> {
            PlannedChange change = handler.plan(context);
            return new Plan(change.summary(), JsonPatchDiff.diff(change.currentState(), change.plannedState()),
                    handler.destructive(), resource.version(), ports.clock().instant(), change.currentState(),
                    change.plannedState(), change.details());
        });
    }

    static PlannedChange change(Plan plan) {
        return new PlannedChange(plan.summary(), plan.priorState(), plan.plannedState(), plan.details());
    }

    /**
     * The facts {@code command} depends on ({@link ActionTransitions#factsRead}), read now, and the
     * clock last: the transition's time, which its event carries as {@code at}, is taken once its
     * inputs are read, not before reads that would otherwise count as part of the transition.
     */
    TransitionContext transitionContext(TenantId tenant, Action a, ActionCommand command) {
        Set<ActionTransitions.ContextFact> facts = ActionTransitions.factsRead(command);
        List<Elevation> held = ActionTransitions.actingSubject(a, command)
                .map(subject -> ports.elevations().heldBy(tenant, subject)).orElse(List.of());
        Optional<PolicyMode> mode = facts.contains(ActionTransitions.ContextFact.POLICY_MODE)
                ? a.policyId().flatMap(id -> ports.policies().get(tenant, id)).map(Policy::mode) : Optional.empty();
        OptionalLong version = facts.contains(ActionTransitions.ContextFact.RESOURCE_VERSION)
                ? ports.resources().get(tenant, a.resourceId()).map(r -> OptionalLong.of(r.version())).orElse(OptionalLong.empty())
                : OptionalLong.empty();
        return new TransitionContext(ports.clock().instant(), held, mode, version);
    }

    Optional<Lease> tryLease(TenantId tenant, String resourceId, String owner) {
        return ports.locks().tryAcquire(tenant, lockName(resourceId), owner, settings.leaseTtl());
    }

    /** Takes the resource's lease for a person's command, waiting briefly while a step holds it; else CONFLICT. */
    Lease leaseForCommand(TenantId tenant, String resourceId, String owner) {
        RetryPolicy<Optional<Lease>> policy = RetryPolicy.<Optional<Lease>>builder()
                .handleResultIf(Optional::isEmpty)
                .withMaxAttempts(settings.leaseAttempts())
                .withBackoff(settings.retryDelay(), settings.maxRetryDelay())
                .build();
        try {
            return Failsafe.with(policy).get(() -> tryLease(tenant, resourceId, owner)).orElseThrow(() ->
                    new PraetorException(ErrorCode.CONFLICT, "the resource is being changed by another step; try again"));
        } catch (FailsafeException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "could not take the resource lease", e);
        }
    }
}
