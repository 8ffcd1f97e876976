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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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

    /** The facts {@code command} may depend on, read now. */
    TransitionContext transitionContext(TenantId tenant, Action a, ActionCommand command) {
        List<Elevation> held = ActionTransitions.actingSubject(a, command)
                .map(subject -> ports.elevations().heldBy(tenant, subject)).orElse(List.of());
        TransitionContext ctx = TransitionContext.at(ports.clock().instant()).withElevations(held);
        Optional<Policy> policy = a.policyId().flatMap(id -> ports.policies().get(tenant, id));
        if (policy.isPresent()) ctx = ctx.withPolicyMode(policy.get().mode());
        OptionalLong version = ports.resources().get(tenant, a.resourceId())
                .map(r -> OptionalLong.of(r.version())).orElse(OptionalLong.empty());
        if (version.isPresent()) ctx = ctx.withResourceVersion(version.getAsLong());
        return ctx;
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
