package io.praetor.domain.act;

import static io.praetor.ports.action.ActionState.APPROVED;
import static io.praetor.ports.action.ActionState.CANCELLED;
import static io.praetor.ports.action.ActionState.COMPLETED;
import static io.praetor.ports.action.ActionState.FAILED;
import static io.praetor.ports.action.ActionState.IN_PROGRESS;
import static io.praetor.ports.action.ActionState.PLANNED;
import static io.praetor.ports.action.ActionState.PREFLIGHT;
import static io.praetor.ports.action.ActionState.QUEUED;
import static io.praetor.ports.action.ActionState.ROLLED_BACK;
import static io.praetor.ports.action.ActionState.VERIFYING;

import io.praetor.domain.act.ActionCommand.ApplySucceeded;
import io.praetor.domain.act.ActionCommand.Approve;
import io.praetor.domain.act.ActionCommand.AutoApprove;
import io.praetor.domain.act.ActionCommand.AutoRun;
import io.praetor.domain.act.ActionCommand.Cancel;
import io.praetor.domain.act.ActionCommand.Failed;
import io.praetor.domain.act.ActionCommand.PreflightFailed;
import io.praetor.domain.act.ActionCommand.PreflightPassed;
import io.praetor.domain.act.ActionCommand.Redrive;
import io.praetor.domain.act.ActionCommand.Replan;
import io.praetor.domain.act.ActionCommand.Rollback;
import io.praetor.domain.act.ActionCommand.RolledBack;
import io.praetor.domain.act.ActionCommand.Run;
import io.praetor.domain.act.ActionCommand.StartPreflight;
import io.praetor.domain.act.ActionCommand.Verified;
import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.domain.act.TransitionDecision.Reason;
import io.praetor.domain.act.TransitionDecision.Rejected;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionResult;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Plan;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.policy.PolicyMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The action table of API.md as one pure function: {@link #decide} answers, for an action, a
 * command and its context, either the next action with the event that records the step, or a
 * rejection with its reason. Only the table's transitions are accepted; everything else is
 * {@link Reason#INVALID_TRANSITION}. It reads no clock and no store, so it is safe to call anywhere
 * and to test row by row.
 */
public final class ActionTransitions {
    private static final Set<ActionState> CANCELLABLE = EnumSet.of(QUEUED, PREFLIGHT, PLANNED, APPROVED);
    private static final Set<ActionState> EXECUTING = EnumSet.of(IN_PROGRESS, VERIFYING);

    private ActionTransitions() {}

    /** The (new) → queued row: stores {@code draft} (state queued, revision 0, no events yet) as revision 1, seq 1. */
    public static Accepted open(Action draft) {
        if (draft.state() != QUEUED || draft.revision() != 0 || draft.lastSeq() != 0) {
            throw new IllegalArgumentException("a new action is a queued draft at revision 0 without events");
        }
        Action stored = draft.movedTo(QUEUED, draft.createdAt(), 1);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("by", draft.requestedBy());
        data.put("handler", draft.handler());
        data.put("dry_run", draft.dryRun());
        return new Accepted(stored, event(stored, "requested by " + draft.requestedBy(), data));
    }

    /**
     * Not a transition: an {@code action.progress} event in the action's current state (for example
     * why it cannot run by itself), stored like a transition so that the seq stays contiguous.
     */
    public static Accepted progress(Action a, java.time.Instant now, String message, Map<String, Object> data) {
        Action same = a.movedTo(a.state(), now, a.lastSeq() + 1);
        return new Accepted(same, new ActionEvent(a.id(), same.lastSeq(), ActionEvent.PROGRESS, a.state(), now, message,
                JsonTrees.freezeObject(data)));
    }

    /**
     * Whose elevations {@link TransitionContext#elevations()} must hold for {@code command}: the
     * person approving or running, or for {@link AutoRun} the last approver (it runs as them).
     */
    public static Optional<String> actingSubject(Action action, ActionCommand command) {
        return switch (command) {
            case Approve a -> Optional.of(a.by().subject());
            case Run r -> Optional.of(r.by().subject());
            case AutoRun r -> lastApprover(action);
            case AutoApprove a -> Optional.of(Principal.SYSTEM_SUBJECT);
            case Cancel c -> Optional.of(c.by().subject());
            case Rollback r -> Optional.of(r.by().subject());
            case Redrive r -> Optional.of(r.by().subject());
            case StartPreflight s -> Optional.empty();
            case PreflightPassed p -> Optional.empty();
            case PreflightFailed f -> Optional.empty();
            case Replan r -> Optional.empty();
            case ApplySucceeded s -> Optional.empty();
            case Verified v -> Optional.empty();
            case RolledBack b -> Optional.empty();
            case Failed f -> Optional.empty();
        };
    }

    /** A fact of the {@link TransitionContext} that {@link #decide} reads for some commands only. */
    public enum ContextFact { POLICY_MODE, RESOURCE_VERSION }

    /**
     * Which of the context's stored facts {@link #decide} reads for {@code command} (the elevations
     * follow {@link #actingSubject}): the policy's mode only to auto-approve, the resource's version
     * only to run (a stale plan). A caller gathers these and no others, so a step of the executor
     * does not read the policy and the resource it does not need before each transition.
     */
    public static Set<ContextFact> factsRead(ActionCommand command) {
        return switch (command) {
            case AutoApprove a -> EnumSet.of(ContextFact.POLICY_MODE);
            case Run r -> EnumSet.of(ContextFact.RESOURCE_VERSION);
            case AutoRun r -> EnumSet.of(ContextFact.RESOURCE_VERSION);
            case Approve a -> EnumSet.noneOf(ContextFact.class);
            case Cancel c -> EnumSet.noneOf(ContextFact.class);
            case Rollback r -> EnumSet.noneOf(ContextFact.class);
            case Redrive r -> EnumSet.noneOf(ContextFact.class);
            case StartPreflight s -> EnumSet.noneOf(ContextFact.class);
            case PreflightPassed p -> EnumSet.noneOf(ContextFact.class);
            case PreflightFailed f -> EnumSet.noneOf(ContextFact.class);
            case Replan r -> EnumSet.noneOf(ContextFact.class);
            case ApplySucceeded s -> EnumSet.noneOf(ContextFact.class);
            case Verified v -> EnumSet.noneOf(ContextFact.class);
            case RolledBack b -> EnumSet.noneOf(ContextFact.class);
            case Failed f -> EnumSet.noneOf(ContextFact.class);
        };
    }

    public static TransitionDecision decide(Action a, ActionCommand command, TransitionContext ctx) {
        return switch (command) {
            case StartPreflight s -> a.state() != QUEUED ? invalid(a, "start preflight")
                    : accept(a.withAttempts(0), PREFLIGHT, ctx, "picked up by the executor", Map.of());

            case PreflightPassed p -> a.state() != PREFLIGHT ? invalid(a, "finish preflight")
                    : accept(a.withPlan(Optional.of(p.plan())).withResult(Optional.empty()), PLANNED, ctx,
                            "planned: " + p.plan().summary(), planData(p.plan()));

            case PreflightFailed f -> {
                if (a.state() != PREFLIGHT) yield invalid(a, "fail preflight");
                String problems = String.join("; ", f.problems());
                yield accept(a.withResult(Optional.of(new ActionResult(
                                "preflight failed, nothing was changed: " + problems, Optional.empty(),
                                Optional.of(problems), false))),
                        FAILED, ctx, "preflight failed: " + problems, Map.of("problems", f.problems()));
            }

            case Approve ap -> {
                if (a.state() != PLANNED || a.plan().isEmpty()) yield invalid(a, "approve");
                if (!ap.by().has(Role.APPROVER)) yield forbidden("approving an action needs the approver role");
                if (ap.by().subject().equals(a.requestedBy())) {
                    yield forbidden("four eyes: " + a.requestedBy() + " requested this action and cannot approve it");
                }
                if (a.plan().get().destructive() && !elevated(ap.by().subject(), a, ctx)) {
                    yield forbidden("the plan is destructive: approving it needs an active elevation");
                }
                yield approve(a, new Approval(ap.by().subject(), ctx.now(), ap.comment()), ctx);
            }

            case AutoApprove ap -> {
                if (a.state() != PLANNED || a.plan().isEmpty()) yield invalid(a, "auto-approve");
                if (ctx.policyMode().orElse(PolicyMode.MANUAL) != PolicyMode.AUTO) {
                    yield forbidden("only actions of an auto-mode policy approve themselves");
                }
                if (a.plan().get().destructive()) yield forbidden("a destructive plan waits for a person to approve it");
                yield approve(a, new Approval(Principal.SYSTEM_SUBJECT, ctx.now(),
                        "approved by the system: auto-mode policy, non-destructive plan"), ctx);
            }

            case Run r -> {
                if (a.state() != APPROVED || a.plan().isEmpty()) yield invalid(a, "run");
                if (!r.by().has(Role.OPERATOR)) yield forbidden("running an action needs the operator role");
                yield run(a, r.by().subject(), ctx);
            }

            case AutoRun r -> {
                if (a.state() != APPROVED || a.plan().isEmpty()) yield invalid(a, "run by itself");
                if (a.dryRun()) yield invalid(a, "run by itself (a dry-run action waits for someone to run it)");
                Optional<String> approver = lastApprover(a);
                if (approver.isEmpty()) yield invalid(a, "run by itself without an approval");
                yield run(a, approver.get(), ctx);
            }

            case Replan r -> a.state() != APPROVED ? invalid(a, "re-plan")
                    : accept(a.withPlan(Optional.of(r.plan())).withApprovals(List.of())
                                    .withResult(Optional.of(ActionResult.ok(staleMessage(a, r.plan())))),
                            PLANNED, ctx, staleMessage(a, r.plan()), planData(r.plan()));

            case ApplySucceeded s -> a.state() != IN_PROGRESS ? invalid(a, "finish apply")
                    : accept(a, VERIFYING, ctx, "applied", Map.of("response", s.response()));

            case Verified v -> a.state() != VERIFYING ? invalid(a, "finish verify")
                    : accept(a.withResult(Optional.of(new ActionResult(v.message(), Optional.of(v.observed()),
                            Optional.empty(), false))), COMPLETED, ctx, v.message(), Map.of());

            case RolledBack b -> !EXECUTING.contains(a.state()) ? invalid(a, "roll back after a failed step")
                    : accept(a.withResult(Optional.of(new ActionResult(b.message(), Optional.empty(),
                            Optional.of(b.error()), false))), ROLLED_BACK, ctx, b.message(), Map.of("error", b.error()));

            case Failed f -> !EXECUTING.contains(a.state()) ? invalid(a, "fail")
                    : accept(a.withResult(Optional.of(new ActionResult(f.message(), Optional.empty(),
                                    Optional.of(f.error()), f.mayHaveHappened()))), FAILED, ctx, f.message(),
                            Map.of("error", f.error(), "may_have_happened", f.mayHaveHappened()));

            case Cancel c -> {
                if (!CANCELLABLE.contains(a.state())) yield invalid(a, "cancel");
                if (!c.by().has(Role.OPERATOR)) yield forbidden("cancelling an action needs the operator role");
                String message = "cancelled by " + c.by().subject();
                yield accept(a.withResult(Optional.of(ActionResult.ok(message))), CANCELLED, ctx, message,
                        Map.of("by", c.by().subject()));
            }

            case Rollback rb -> {
                if (a.state() != COMPLETED) yield invalid(a, "roll back");
                if (!rb.by().has(Role.APPROVER)) yield forbidden("rolling back an action needs the approver role");
                String message = "rolled back by " + rb.by().subject() + ": restored the state recorded at plan time";
                yield accept(a.withResult(Optional.of(ActionResult.ok(message))), ROLLED_BACK, ctx, message,
                        Map.of("by", rb.by().subject()));
            }

            case Redrive rd -> {
                if (a.state() != FAILED) yield invalid(a, "redrive");
                if (!rd.by().has(Role.ADMIN)) yield forbidden("redriving an action needs the admin role");
                yield accept(a.withPlan(Optional.empty()).withApprovals(List.of()).withResult(Optional.empty())
                                .withAttempts(0), QUEUED, ctx, "redriven by " + rd.by().subject() + "; it will be planned afresh",
                        Map.of("by", rd.by().subject()));
            }
        };
    }

    private static TransitionDecision approve(Action a, Approval approval, TransitionContext ctx) {
        List<Approval> approvals = new ArrayList<>(a.approvals());
        approvals.add(approval);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("by", approval.by());
        data.put("comment", approval.comment());
        return accept(a.withApprovals(approvals), APPROVED, ctx, "approved by " + approval.by(), data);
    }

    private static TransitionDecision run(Action a, String runner, TransitionContext ctx) {
        Plan plan = a.plan().orElseThrow();
        if (plan.destructive() && !elevated(runner, a, ctx)) {
            return forbidden("the plan is destructive: " + runner + " needs an active elevation to run it");
        }
        if (ctx.resourceVersion().isPresent() && ctx.resourceVersion().getAsLong() != plan.baseVersion()) {
            return new Rejected(Reason.PLAN_STALE, "the resource changed since the plan was made (version "
                    + plan.baseVersion() + ", now " + ctx.resourceVersion().getAsLong() + "); it is re-planned and needs approval again");
        }
        return accept(a.withAttempts(0), IN_PROGRESS, ctx, "run by " + runner, Map.of("by", runner));
    }

    private static boolean elevated(String subject, Action a, TransitionContext ctx) {
        return ctx.elevations().stream().anyMatch(e -> e.empowers(subject, a.id(), ctx.now()));
    }

    private static Optional<String> lastApprover(Action a) {
        return a.approvals().isEmpty() ? Optional.empty()
                : Optional.of(a.approvals().get(a.approvals().size() - 1).by());
    }

    private static String staleMessage(Action a, Plan fresh) {
        long old = a.plan().map(Plan::baseVersion).orElse(0L);
        return "re-planned: the resource changed since planning (version " + old + ", now " + fresh.baseVersion()
                + "); approvals cleared";
    }

    private static Map<String, Object> planData(Plan plan) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", plan.summary());
        data.put("destructive", plan.destructive());
        data.put("base_version", plan.baseVersion());
        data.put("diff", plan.diff());
        return data;
    }

    private static TransitionDecision accept(Action base, ActionState next, TransitionContext ctx, String message,
                                             Map<String, Object> data) {
        Action moved = base.movedTo(next, ctx.now(), base.lastSeq() + 1);
        return new Accepted(moved, event(moved, message, data));
    }

    private static ActionEvent event(Action moved, String message, Map<String, Object> data) {
        return new ActionEvent(moved.id(), moved.lastSeq(), ActionEvent.typeOf(moved.state()), moved.state(),
                moved.updatedAt(), message, JsonTrees.freezeObject(data));
    }

    private static Rejected invalid(Action a, String what) {
        return new Rejected(Reason.INVALID_TRANSITION, "cannot " + what + " an action in state " + a.state().wireName());
    }

    private static Rejected forbidden(String why) {
        return new Rejected(Reason.FORBIDDEN, why);
    }
}
