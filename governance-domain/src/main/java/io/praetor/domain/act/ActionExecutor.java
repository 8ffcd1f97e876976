package io.praetor.domain.act;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.domain.json.ActionJson;
import io.praetor.domain.act.StepRunner.Outcome;
import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.domain.act.TransitionDecision.Reason;
import io.praetor.domain.act.TransitionDecision.Rejected;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.Plan;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.TransitionOutcome;
import io.praetor.ports.action.Verification;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.PolicyMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker behind {@code actions.execute}: a member of a bus consumer group that, for each
 * delivery (key and {@code action_id} = the action), takes the resource's lease and drives the
 * action as far as it can go now: queued → preflight → planned (the handler's plan, the RFC 6902
 * diff, {@code base_version}), auto-approval of non-destructive plans of {@code auto} policies, the
 * automatic run of approved {@code dry_run: false} actions as their approver (re-planning when the
 * resource changed), and in_progress → apply → verifying → verify → completed, with rollback to
 * rolled_back or failed when a step gives up.
 *
 * <p>Crash-safe by construction: what to do is derived from the stored state on every delivery,
 * each transition is a conditional update carrying the lease's fencing token, which a new holder
 * puts on the action before its first step (a holder whose lease was taken over is fenced out, even
 * while the new one is still inside that step), and {@code apply} gets the action id as idempotency
 * token, so a redelivered message never does a step twice in effect. Handler steps are retried with backoff
 * for TRANSIENT and DEPENDENCY_UNAVAILABLE failures. Thread-safe.
 */
public final class ActionExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
    private static final int MAX_STEPS_PER_DELIVERY = 32;
    private static final String JSON = "application/json";

    private final ActPorts ports;
    private final ActSettings settings;
    private final ActionSteps steps;
    private final TransitionWriter writer;
    private final ObservedStateSink observed;
    private final ActionArtifacts artifacts;
    private final String instance = "executor:" + UUID.randomUUID();
    private Subscription subscription;

    /**
     * What to do after a step. WAIT: the evidence of a step could not be stored, so the step did not
     * commit; the action stays where it is and is delivered again later (an action never moves on
     * without the evidence of what it did).
     */
    private enum Step { CONTINUE, STOP, WAIT }

    /** @param journal told about every stored action event (the audit trail records them as {@code action.state}) */
    public ActionExecutor(ActPorts ports, ActionHandlers handlers, ActSettings settings, ObservedStateSink observed,
                          ActionArtifacts artifacts, ActionJournal journal) {
        this.ports = ports;
        this.settings = settings;
        this.steps = new ActionSteps(ports, handlers, settings);
        this.writer = new TransitionWriter(ports, journal);
        this.observed = observed;
        this.artifacts = artifacts;
    }

    public ActionExecutor(ActPorts ports, ActionHandlers handlers, ActSettings settings, ObservedStateSink observed,
                          ActionArtifacts artifacts) {
        this(ports, handlers, settings, observed, artifacts, ActionJournal.NONE);
    }

    public ActionExecutor(ActPorts ports, ActionHandlers handlers, ObservedStateSink observed) {
        this(ports, handlers, ActSettings.DEFAULTS, observed, ActionArtifacts.NONE);
    }

    /** Joins the consumer group on {@code actions.execute}; returns this. */
    public synchronized ActionExecutor start() {
        if (subscription == null) {
            subscription = ports.bus().consume(Topics.ACTIONS_EXECUTE, settings.consumerGroup(), settings.queue(),
                    this::onDelivery);
        }
        return this;
    }

    /** Leaves the group; work in flight is redelivered to another member. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }

    /** Re-enqueues the tenant's actions that have executor work (after a lost message or an outage); returns how many. */
    public int resume(TenantId tenant) {
        int n = 0;
        for (ActionState s : List.of(ActionState.QUEUED, ActionState.PREFLIGHT, ActionState.PLANNED, ActionState.APPROVED,
                ActionState.IN_PROGRESS, ActionState.VERIFYING)) {
            Optional<String> cursor = Optional.empty();
            do {
                var page = ports.actions().query(tenant, ActionQuery.inState(s), new PageRequest(PageRequest.MAX_LIMIT, cursor));
                for (Action a : page.items()) {
                    writer.enqueue(tenant, a.id());
                    n++;
                }
                cursor = page.nextCursor();
            } while (cursor.isPresent());
        }
        return n;
    }

    /**
     * Re-enqueues the tenant's actions that have executor work and that nothing has moved for
     * {@code idle} (their work message was lost: an instance died between committing a transition
     * and publishing it); returns how many. A duplicate of a message still in the queue is harmless:
     * the executor derives what to do from the stored state and the lease keeps two out.
     */
    public int resumeIdle(TenantId tenant, java.time.Duration idle) {
        java.time.Instant before = ports.clock().instant().minus(idle);
        int n = 0;
        for (ActionState s : List.of(ActionState.QUEUED, ActionState.PREFLIGHT, ActionState.APPROVED,
                ActionState.IN_PROGRESS, ActionState.VERIFYING)) {
            Optional<String> cursor = Optional.empty();
            do {
                var page = ports.actions().query(tenant, ActionQuery.inState(s), new PageRequest(PageRequest.MAX_LIMIT, cursor));
                for (Action a : page.items()) {
                    if (TransitionWriter.needsExecutor(a) && a.updatedAt().isBefore(before) && !waitingForAPerson(tenant, a)) {
                        writer.enqueue(tenant, a.id());
                        n++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor.isPresent());
        }
        return n;
    }

    /** An approved action whose last event says it cannot run by itself: another try would only repeat that. */
    private boolean waitingForAPerson(TenantId tenant, Action a) {
        if (a.state() != ActionState.APPROVED) return false;
        var last = ports.actionEvents().read(tenant, a.id(), Math.max(0, a.lastSeq() - 1), 1);
        return !last.isEmpty() && last.getFirst().type().equals(io.praetor.ports.action.ActionEvent.PROGRESS);
    }

    Disposition onDelivery(Delivery delivery) {
        TenantId tenant;
        String actionId;
        try {
            Map<String, Object> payload = JsonTreeReader.readObject(delivery.message().payload().toByteArray());
            tenant = TenantId.of((String) payload.get("tenant"));
            actionId = (String) payload.get("action_id");
            if (actionId == null || !tenant.equals(delivery.message().tenant())) throw new PraetorException(ErrorCode.MALFORMED, "bad payload");
        } catch (RuntimeException e) {
            return new Disposition.DeadLetter("not an actions.execute payload: " + e.getMessage());
        }
        try {
            return advance(tenant, actionId) ? Disposition.ack() : Disposition.retry(settings.busyRedelivery());
        } catch (RuntimeException e) {
            LOG.warn("action {} of tenant {}: step failed, will be redelivered: {}", actionId, tenant, e.toString());
            return Disposition.retry(settings.busyRedelivery());
        }
    }

    /**
     * Drives one action as far as it can go now. Returns false when the resource's lease is held by
     * someone else or was lost (deliver again later), true when there is nothing more to do now.
     */
    public boolean advance(TenantId tenant, String actionId) {
        Optional<Action> first = ports.actions().get(tenant, actionId);
        if (first.isEmpty() || first.get().state().isFinal()) return true;
        Optional<Lease> taken = steps.tryLease(tenant, first.get().resourceId(), instance + ":" + UUID.randomUUID());
        if (taken.isEmpty()) return false;
        Lease lease = taken.get();
        try {
            if (!fence(tenant, actionId, lease)) return false;
            for (int i = 0; i < MAX_STEPS_PER_DELIVERY; i++) {
                Optional<Action> current = ports.actions().get(tenant, actionId);
                if (current.isEmpty()) return true;
                Step step = step(tenant, current.get(), lease);
                if (step == Step.STOP) return true;
                if (step == Step.WAIT) return false;
                Optional<Lease> renewed = ports.locks().renew(lease, settings.leaseTtl());
                if (renewed.isEmpty()) return false;
                lease = renewed.get();
            }
            return false;
        } finally {
            ports.locks().release(lease);
        }
    }

    /**
     * Puts the new lease's token on the action before any handler step runs (ADR 0033): an update that
     * changes nothing but raises the action's highest token. Without it the action would know the new
     * token only from this holder's first transition, so a holder frozen inside a step past its lease
     * (GC pause, SIGSTOP) that wakes up while this one is inside the same step would still get its late
     * write stored: its token is the highest the action has seen and its revision is still current.
     * Returns false when a newer lease has already written (deliver again later).
     */
    private boolean fence(TenantId tenant, String actionId, Lease lease) {
        for (int attempt = 0; attempt < MAX_STEPS_PER_DELIVERY; attempt++) {
            Optional<Action> current = ports.actions().get(tenant, actionId);
            if (current.isEmpty() || current.get().state().isFinal()) return true;
            TransitionOutcome outcome = ports.actions().update(tenant, current.get(), current.get().revision(),
                    lease.fencingToken());
            // moved between the read and the update (a person's command): fence what is stored now
            if (outcome instanceof TransitionOutcome.RevisionConflict) continue;
            return !(outcome instanceof TransitionOutcome.FencedOut); // Applied, or Missing: nothing left to guard
        }
        return false;
    }

    private Step step(TenantId tenant, Action a, Lease lease) {
        return switch (a.state()) {
            case QUEUED -> commit(tenant, a, new ActionCommand.StartPreflight(), lease, List.of(), () -> { });
            case PREFLIGHT -> preflight(tenant, a, lease);
            case PLANNED -> autoApprove(tenant, a, lease);
            case APPROVED -> a.dryRun() ? Step.STOP : autoRun(tenant, a, lease);
            case IN_PROGRESS -> apply(tenant, a, lease);
            case VERIFYING -> verify(tenant, a, lease);
            case COMPLETED, ROLLED_BACK, FAILED, CANCELLED -> Step.STOP;
        };
    }

    private Step preflight(TenantId tenant, Action a, Lease lease) {
        Optional<ActionHandler> handler = steps.handlers().find(a.handler());
        if (handler.isEmpty()) return preflightFailed(tenant, a, lease, "handler " + a.handler() + " is not installed");
        Optional<HandlerContext> ctx = steps.handlerContext(tenant, a);
        if (ctx.isEmpty()) return preflightFailed(tenant, a, lease, "resource " + a.resourceId() + " is no longer in the inventory");
        List<EvidenceRef> evidence = new ArrayList<>();
        Preflight checks;
        switch (steps.runner().run(() -> handler.get().preflight(ctx.get()))) {
            case Outcome.Done<Preflight> d -> checks = d.value();
            case Outcome.GaveUp<Preflight> g -> {
                return preflightFailed(tenant, a, lease, "preflight could not run: " + g.describe());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("passed", checks.passed());
        report.put("problems", checks.problems());
        report.put("report", checks.report());
        if (!recordAll(tenant, a, evidence, List.of(Map.entry("preflight-report.json", report)))) return Step.WAIT;
        if (!checks.passed()) {
            return commit(tenant, a, new ActionCommand.PreflightFailed(checks.problems().isEmpty()
                    ? List.of("the handler's preflight did not pass") : checks.problems()), lease, evidence, () -> { });
        }
        return switch (steps.plan(handler.get(), ctx.get())) {
            case Outcome.GaveUp<Plan> g -> commit(tenant, a, new ActionCommand.PreflightFailed(
                    List.of("planning failed: " + g.describe())), lease, evidence, () -> { });
            case Outcome.Done<Plan> d -> {
                if (!recordAll(tenant, a, evidence, List.of(Map.entry("plan.json", ActionJson.plan(d.value())),
                        Map.entry("diff.json", Map.of("diff", d.value().diff())),
                        Map.entry("before.json", d.value().priorState())))) {
                    yield Step.WAIT;
                }
                yield commit(tenant, a, new ActionCommand.PreflightPassed(d.value(), JsonTrees.freezeObject(report)),
                        lease, evidence, () -> { });
            }
        };
    }

    private Step preflightFailed(TenantId tenant, Action a, Lease lease, String problem) {
        return commit(tenant, a, new ActionCommand.PreflightFailed(List.of(problem)), lease, List.of(), () -> { });
    }

    private Step autoApprove(TenantId tenant, Action a, Lease lease) {
        boolean auto = a.policyId().flatMap(id -> ports.policies().get(tenant, id))
                .map(p -> p.mode() == PolicyMode.AUTO).orElse(false);
        boolean destructive = a.plan().map(Plan::destructive).orElse(true);
        if (!auto || destructive) return Step.STOP;
        return commit(tenant, a, new ActionCommand.AutoApprove(), lease, List.of(), () -> { });
    }

    private Step autoRun(TenantId tenant, Action a, Lease lease) {
        ActionCommand run = new ActionCommand.AutoRun();
        TransitionDecision decision = ActionTransitions.decide(a, run, steps.transitionContext(tenant, a, run));
        return switch (decision) {
            case Accepted acc -> write(tenant, a, acc, lease, List.of(), () -> { });
            case Rejected r when r.reason() == Reason.PLAN_STALE -> replan(tenant, a, lease, r);
            case Rejected r -> progress(tenant, a, lease, "cannot run by itself: " + r.message() + "; waits for a run");
        };
    }

    private Step replan(TenantId tenant, Action a, Lease lease, Rejected stale) {
        Optional<ActionHandler> handler = steps.handlers().find(a.handler());
        Optional<HandlerContext> ctx = steps.handlerContext(tenant, a);
        if (handler.isEmpty() || ctx.isEmpty()) {
            return progress(tenant, a, lease, stale.message() + "; cannot re-plan: handler or resource is gone");
        }
        return switch (steps.plan(handler.get(), ctx.get())) {
            case Outcome.Done<Plan> d -> {
                List<EvidenceRef> evidence = new ArrayList<>();
                if (!recordAll(tenant, a, evidence, List.of(Map.entry("plan.json", ActionJson.plan(d.value()))))) yield Step.WAIT;
                yield commit(tenant, a, new ActionCommand.Replan(d.value()), lease, evidence, () -> { });
            }
            case Outcome.GaveUp<Plan> g -> progress(tenant, a, lease, stale.message() + "; re-planning failed: " + g.describe());
        };
    }

    private Step apply(TenantId tenant, Action a, Lease lease) {
        Optional<ActionHandler> handler = steps.handlers().find(a.handler());
        Optional<HandlerContext> ctx = steps.handlerContext(tenant, a);
        if (handler.isEmpty() || ctx.isEmpty() || a.plan().isEmpty()) {
            String why = handler.isEmpty() ? "handler " + a.handler() + " is not installed"
                    : ctx.isEmpty() ? "resource " + a.resourceId() + " is no longer in the inventory" : "the action has no plan";
            return commit(tenant, a, new ActionCommand.Failed(why + "; nothing was applied, the change did not happen", why, false),
                    lease, List.of(), () -> { });
        }
        Plan plan = a.plan().get();
        return switch (steps.runner().run(() -> handler.get().apply(ctx.get(), ActionSteps.change(plan)))) {
            case Outcome.Done<Map<String, Object>> d -> {
                // the change happened: it is committed as applied even when its evidence cannot be stored
                // now; verify stores the response before the action can complete
                List<EvidenceRef> evidence = new ArrayList<>();
                record(tenant, a, APPLY_RESPONSE, d.value()).ifPresent(evidence::add);
                yield commit(tenant, a, new ActionCommand.ApplySucceeded(JsonTrees.freezeObject(d.value())), lease, evidence, () -> { });
            }
            case Outcome.GaveUp<Map<String, Object>> g -> {
                String cause = "apply failed: " + g.describe();
                boolean uncertain = g.retryable() || g.code().isEmpty() || g.code().get() == ErrorCode.OUTCOME_UNKNOWN;
                if (!uncertain) {
                    // The handler refused with a definite error: by its contract nothing was changed.
                    yield commit(tenant, a, new ActionCommand.Failed(cause + "; the handler refused before changing anything, "
                            + "so the change did not happen", g.describe(), false), lease, List.of(), () -> { });
                }
                boolean mayHaveHappened = g.code().map(c -> c != ErrorCode.DEPENDENCY_UNAVAILABLE).orElse(true);
                yield rollbackAfter(tenant, a, handler.get(), ctx.get(), plan, lease, cause, mayHaveHappened);
            }
        };
    }

    private Step verify(TenantId tenant, Action a, Lease lease) {
        Optional<ActionHandler> handler = steps.handlers().find(a.handler());
        Optional<HandlerContext> ctx = steps.handlerContext(tenant, a);
        if (handler.isEmpty() || ctx.isEmpty() || a.plan().isEmpty()) {
            String why = handler.isEmpty() ? "handler " + a.handler() + " is not installed"
                    : ctx.isEmpty() ? "resource " + a.resourceId() + " is no longer in the inventory" : "the action has no plan";
            return commit(tenant, a, new ActionCommand.Failed("cannot verify: " + why
                    + "; the change was applied and may be in place", why, true), lease, List.of(), () -> { });
        }
        Plan plan = a.plan().get();
        return switch (steps.runner().run(() -> handler.get().verify(ctx.get(), ActionSteps.change(plan)))) {
            case Outcome.Done<Verification> d when d.value().matches() -> {
                Map<String, Object> seen = JsonTrees.freezeObject(d.value().observedProperties());
                List<EvidenceRef> evidence = new ArrayList<>();
                List<Map.Entry<String, Map<String, Object>>> owed = new ArrayList<>();
                missingApplyResponse(tenant, a).ifPresent(r -> owed.add(Map.entry(APPLY_RESPONSE, r)));
                owed.add(Map.entry("after.json", seen));
                if (!recordAll(tenant, a, evidence, owed)) yield Step.WAIT;
                Resource resource = ctx.get().resource();
                yield commit(tenant, a, new ActionCommand.Verified("completed: " + d.value().message(), seen), lease, evidence,
                        () -> {
                            if (!JsonPatchDiff.jsonEquals(resource.properties(), seen)) {
                                observed.upsertObserved(tenant,
                                        resource.withProperties(seen).withObservedAt(ports.clock().instant()));
                            }
                        });
            }
            case Outcome.Done<Verification> d -> rollbackAfter(tenant, a, handler.get(), ctx.get(), plan, lease,
                    "verify found the change not in place: " + d.value().message(), true);
            case Outcome.GaveUp<Verification> g -> rollbackAfter(tenant, a, handler.get(), ctx.get(), plan, lease,
                    "verify failed: " + g.describe(), true);
        };
    }

    private Step rollbackAfter(TenantId tenant, Action a, ActionHandler handler, HandlerContext ctx, Plan plan, Lease lease,
                               String cause, boolean mayHaveHappened) {
        return switch (steps.runner().run(() -> handler.rollback(ctx, ActionSteps.change(plan)))) {
            case Outcome.Done<Map<String, Object>> d -> {
                List<EvidenceRef> evidence = new ArrayList<>();
                record(tenant, a, "rollback-response.json", d.value()).ifPresent(evidence::add);
                yield commit(tenant, a, new ActionCommand.RolledBack(cause + "; rolled back to the state recorded at plan time",
                        cause), lease, evidence, () -> { });
            }
            case Outcome.GaveUp<Map<String, Object>> g -> commit(tenant, a, new ActionCommand.Failed(cause
                    + "; rollback failed: " + g.describe() + (mayHaveHappened
                    ? "; the change MAY HAVE HAPPENED: check the resource before redriving"
                    : "; the change did not happen"), cause + "; rollback failed: " + g.describe(), mayHaveHappened),
                    lease, List.of(), () -> { });
        };
    }

    private Step progress(TenantId tenant, Action a, Lease lease, String message) {
        Accepted p = ActionTransitions.progress(a, ports.clock().instant(), message, Map.of());
        write(tenant, a, p, lease, List.of(), () -> { });
        return Step.STOP;
    }

    private Step commit(TenantId tenant, Action a, ActionCommand command, Lease lease, List<EvidenceRef> evidence,
                        Runnable alsoInTransaction) {
        TransitionDecision decision = ActionTransitions.decide(a, command, steps.transitionContext(tenant, a, command));
        return switch (decision) {
            case Accepted acc -> write(tenant, a, acc, lease, evidence, alsoInTransaction);
            case Rejected r -> {
                LOG.info("action {}: {} rejected: {}", a.id(), command.getClass().getSimpleName(), r.message());
                yield Step.STOP;
            }
        };
    }

    private Step write(TenantId tenant, Action a, Accepted acc, Lease lease, List<EvidenceRef> evidence,
                       Runnable alsoInTransaction) {
        Accepted withEvidence = acc;
        if (!evidence.isEmpty()) {
            List<EvidenceRef> all = new ArrayList<>(acc.next().evidence());
            all.addAll(evidence);
            withEvidence = new Accepted(acc.next().withEvidence(all), acc.event());
        }
        TransitionOutcome outcome = writer.write(tenant, a, withEvidence, lease.fencingToken(), false, Optional.empty(),
                alsoInTransaction);
        return switch (outcome) {
            case TransitionOutcome.Applied applied -> Step.CONTINUE;
            // Someone moved it first (a person's command): decide again from what is stored now.
            case TransitionOutcome.RevisionConflict conflict -> Step.CONTINUE;
            case TransitionOutcome.FencedOut fenced -> {
                LOG.info("action {}: fenced out by a newer lease holder (token {} < {})", a.id(), lease.fencingToken(),
                        fenced.highestToken());
                yield Step.STOP;
            }
            case TransitionOutcome.Missing missing -> Step.STOP;
        };
    }

    private static final String APPLY_RESPONSE = "apply-response.json";

    /** Records every artifact, in order; false (some not stored) means the step must not commit yet. */
    private boolean recordAll(TenantId tenant, Action a, List<EvidenceRef> into,
                              List<Map.Entry<String, Map<String, Object>>> artifacts) {
        List<EvidenceRef> stored = new ArrayList<>();
        for (var e : artifacts) {
            try {
                this.artifacts.record(tenant, a.id(), e.getKey(), JSON, JsonTreeWriter.toBytes(e.getValue()))
                        .ifPresent(stored::add);
            } catch (RuntimeException failure) {
                LOG.warn("action {}: could not record {} as evidence, the step waits and is tried again: {}", a.id(),
                        e.getKey(), failure.toString());
                return false;
            }
        }
        into.addAll(stored);
        return true;
    }

    /** The handler's apply response when apply committed without it (the evidence store was failing then). */
    private Optional<Map<String, Object>> missingApplyResponse(TenantId tenant, Action a) {
        if (a.evidence().stream().anyMatch(r -> r.name().equals(APPLY_RESPONSE))) return Optional.empty();
        long after = 0;
        while (true) {
            List<ActionEvent> page = ports.actionEvents().read(tenant, a.id(), after, 200);
            for (ActionEvent e : page) {
                if (e.state() == ActionState.VERIFYING && e.data().get("response") instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> response = (Map<String, Object>) m;
                    return Optional.of(response);
                }
            }
            if (page.size() < 200) return Optional.empty();
            after = page.getLast().seq();
        }
    }

    /**
     * Best effort, only after a change already happened (an apply or a rollback), which must be committed
     * whatever the evidence store does; an apply response missed here is stored again at verify.
     */
    private Optional<EvidenceRef> record(TenantId tenant, Action a, String name, Map<String, Object> tree) {
        try {
            return artifacts.record(tenant, a.id(), name, JSON, JsonTreeWriter.toBytes(tree));
        } catch (RuntimeException e) {
            LOG.warn("action {}: could not record {} as evidence: {}", a.id(), name, e.toString());
            return Optional.empty();
        }
    }
}
