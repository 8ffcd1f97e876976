package io.praetor.domain.act;

import static io.praetor.domain.act.ActFixtures.T0;
import static io.praetor.domain.act.ActFixtures.action;
import static io.praetor.domain.act.ActFixtures.activeElevation;
import static io.praetor.domain.act.ActFixtures.plan;
import static io.praetor.domain.act.ActFixtures.principal;
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
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.domain.act.TransitionDecision.Reason;
import io.praetor.domain.act.TransitionDecision.Rejected;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.policy.PolicyMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActionTransitionsTest {
    private static final Instant NOW = T0.plusSeconds(60);
    private static final Principal ROOT = principal("root", Role.ADMIN);
    private static final Principal CAROL_APPROVER = principal("carol", Role.APPROVER);
    private static final Principal OSCAR_OPERATOR = principal("oscar", Role.OPERATOR);

    /** Every command, each built so that only the state can make it fail. */
    private static final Map<String, ActionCommand> COMMANDS = Map.ofEntries(
            Map.entry("StartPreflight", new ActionCommand.StartPreflight()),
            Map.entry("PreflightPassed", new ActionCommand.PreflightPassed(plan(false, 1), Map.of())),
            Map.entry("PreflightFailed", new ActionCommand.PreflightFailed(List.of("no bucket"))),
            Map.entry("Approve", new ActionCommand.Approve(ROOT, "lgtm")),
            Map.entry("AutoApprove", new ActionCommand.AutoApprove()),
            Map.entry("Run", new ActionCommand.Run(ROOT)),
            Map.entry("AutoRun", new ActionCommand.AutoRun()),
            Map.entry("Replan", new ActionCommand.Replan(plan(false, 2))),
            Map.entry("ApplySucceeded", new ActionCommand.ApplySucceeded(Map.of())),
            Map.entry("Verified", new ActionCommand.Verified("done", Map.of("x", 2L))),
            Map.entry("RolledBack", new ActionCommand.RolledBack("rolled back", "boom")),
            Map.entry("Failed", new ActionCommand.Failed("failed", "boom", true)),
            Map.entry("Cancel", new ActionCommand.Cancel(ROOT)),
            Map.entry("Rollback", new ActionCommand.Rollback(ROOT)),
            Map.entry("Redrive", new ActionCommand.Redrive(ROOT)));

    /** API.md's action table: (state, command) → next state. Everything else is invalid. */
    private static final Map<ActionState, Map<String, ActionState>> TABLE = Map.of(
            QUEUED, Map.of("StartPreflight", PREFLIGHT, "Cancel", CANCELLED),
            PREFLIGHT, Map.of("PreflightPassed", PLANNED, "PreflightFailed", FAILED, "Cancel", CANCELLED),
            PLANNED, Map.of("Approve", APPROVED, "AutoApprove", APPROVED, "Cancel", CANCELLED),
            APPROVED, Map.of("Run", IN_PROGRESS, "AutoRun", IN_PROGRESS, "Replan", PLANNED, "Cancel", CANCELLED),
            IN_PROGRESS, Map.of("ApplySucceeded", VERIFYING, "RolledBack", ROLLED_BACK, "Failed", FAILED),
            VERIFYING, Map.of("Verified", COMPLETED, "RolledBack", ROLLED_BACK, "Failed", FAILED),
            COMPLETED, Map.of("Rollback", ROLLED_BACK),
            FAILED, Map.of("Redrive", QUEUED),
            ROLLED_BACK, Map.of(),
            CANCELLED, Map.of());

    private static TransitionContext permissive() {
        return new TransitionContext(NOW, List.of(activeElevation("root", Optional.empty(), NOW.plusSeconds(600))),
                Optional.of(PolicyMode.AUTO), java.util.OptionalLong.of(1));
    }

    static Stream<Arguments> everyStateAndCommand() {
        List<Arguments> all = new ArrayList<>();
        for (ActionState state : ActionState.values()) {
            for (String command : COMMANDS.keySet()) {
                all.add(Arguments.of(state, command));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStateAndCommand")
    void decide_followsTheTableExactly(ActionState state, String command) {
        Action before = action(state);
        TransitionDecision decision = ActionTransitions.decide(before, COMMANDS.get(command), permissive());

        ActionState expected = TABLE.get(state).get(command);
        if (expected == null) {
            assertThat(decision).isInstanceOfSatisfying(Rejected.class,
                    r -> assertThat(r.reason()).isEqualTo(Reason.INVALID_TRANSITION));
        } else {
            assertThat(decision).isInstanceOfSatisfying(Accepted.class, a -> {
                assertThat(a.next().state()).isEqualTo(expected);
                assertThat(a.next().revision()).isEqualTo(before.revision() + 1);
                assertThat(a.next().lastSeq()).isEqualTo(before.lastSeq() + 1);
                assertThat(a.next().updatedAt()).isEqualTo(NOW);
                assertThat(a.event().seq()).isEqualTo(before.lastSeq() + 1);
                assertThat(a.event().type()).isEqualTo("action." + expected.wireName());
                assertThat(a.event().state()).isEqualTo(expected);
                assertThat(a.event().actionId()).isEqualTo(before.id());
            });
        }
    }

    @Test
    void open_storesTheDraftAsRevisionOneWithEventOne() {
        Action draft = action(QUEUED);
        draft = new Action(draft.id(), QUEUED, draft.handler(), draft.resourceId(), draft.resourceKey(), Optional.empty(),
                Optional.empty(), "alice", true, "r", Map.of(), List.of(), Optional.empty(), Optional.empty(), List.of(),
                T0, T0, 0, 0, 0);

        Accepted opened = ActionTransitions.open(draft);

        assertThat(opened.next().revision()).isEqualTo(1);
        assertThat(opened.event().seq()).isEqualTo(1);
        assertThat(opened.event().type()).isEqualTo("action.queued");
    }

    @Test
    void approve_rejectsTheRequester() {
        Principal alice = principal("alice", Role.ADMIN);
        TransitionDecision d = ActionTransitions.decide(action(PLANNED), new ActionCommand.Approve(alice, ""), permissive());
        assertRejected(d, Reason.FORBIDDEN, "four eyes");
    }

    @Test
    void approve_needsTheApproverRole() {
        TransitionDecision d = ActionTransitions.decide(action(PLANNED), new ActionCommand.Approve(OSCAR_OPERATOR, ""),
                TransitionContext.at(NOW));
        assertRejected(d, Reason.FORBIDDEN, "approver role");
    }

    @Test
    void approve_recordsTheApproval() {
        Action planned = action(PLANNED).withApprovals(List.of());
        TransitionDecision d = ActionTransitions.decide(planned, new ActionCommand.Approve(CAROL_APPROVER, "fine"),
                TransitionContext.at(NOW));
        assertThat(((Accepted) d).next().approvals()).containsExactly(new Approval("carol", NOW, "fine"));
    }

    @Test
    void approve_ofADestructivePlan_needsAnActiveElevationOfTheApprover() {
        Action planned = action(PLANNED).withPlan(Optional.of(plan(true, 1)));
        ActionCommand approve = new ActionCommand.Approve(CAROL_APPROVER, "");

        assertRejected(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW)), Reason.FORBIDDEN, "elevation");
        assertRejected(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("dave", Optional.empty(), NOW.plusSeconds(60))))), Reason.FORBIDDEN, "elevation");
        assertRejected(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("carol", Optional.of("another-action"), NOW.plusSeconds(60))))), Reason.FORBIDDEN, "elevation");
        assertRejected(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("carol", Optional.empty(), NOW)))), Reason.FORBIDDEN, "elevation");
        var pending = activeElevation("carol", Optional.empty(), NOW.plusSeconds(60));
        pending = new io.praetor.ports.action.Elevation(pending.id(), "carol", "r", Optional.empty(), ElevationState.PENDING,
                T0, pending.duration(), Optional.empty(), Optional.empty(), 1);
        assertRejected(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW).withElevations(List.of(pending))),
                Reason.FORBIDDEN, "elevation");

        assertThat(ActionTransitions.decide(planned, approve, TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("carol", Optional.of("a1"), NOW.plusSeconds(1)))))).isInstanceOf(Accepted.class);
    }

    @Test
    void autoApprove_onlyForANonDestructivePlanOfAnAutoModePolicy() {
        ActionCommand auto = new ActionCommand.AutoApprove();
        assertRejected(ActionTransitions.decide(action(PLANNED), auto, TransitionContext.at(NOW)), Reason.FORBIDDEN, "auto-mode");
        assertRejected(ActionTransitions.decide(action(PLANNED), auto, TransitionContext.at(NOW).withPolicyMode(PolicyMode.MANUAL)),
                Reason.FORBIDDEN, "auto-mode");
        assertRejected(ActionTransitions.decide(action(PLANNED).withPlan(Optional.of(plan(true, 1))), auto,
                TransitionContext.at(NOW).withPolicyMode(PolicyMode.AUTO)), Reason.FORBIDDEN, "destructive");

        TransitionDecision ok = ActionTransitions.decide(action(PLANNED).withApprovals(List.of()), auto,
                TransitionContext.at(NOW).withPolicyMode(PolicyMode.AUTO));
        assertThat(((Accepted) ok).next().approvals()).extracting(Approval::by).containsExactly("system");
    }

    @Test
    void run_needsTheOperatorRole() {
        assertRejected(ActionTransitions.decide(action(APPROVED), new ActionCommand.Run(CAROL_APPROVER), TransitionContext.at(NOW)),
                Reason.FORBIDDEN, "operator role");
    }

    @Test
    void run_ofADestructivePlan_needsAnActiveElevationOfTheRunner() {
        Action approved = action(APPROVED).withPlan(Optional.of(plan(true, 1)));
        ActionCommand run = new ActionCommand.Run(OSCAR_OPERATOR);
        assertRejected(ActionTransitions.decide(approved, run, TransitionContext.at(NOW)), Reason.FORBIDDEN, "elevation");
        assertThat(ActionTransitions.decide(approved, run, TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("oscar", Optional.empty(), NOW.plusSeconds(1)))))).isInstanceOf(Accepted.class);
    }

    @Test
    void run_againstAChangedResource_isPlanStale() {
        TransitionDecision d = ActionTransitions.decide(action(APPROVED), new ActionCommand.Run(OSCAR_OPERATOR),
                TransitionContext.at(NOW).withResourceVersion(2));
        assertRejected(d, Reason.PLAN_STALE, "changed");
    }

    @Test
    void autoRun_isNotForDryRunActions() {
        Action dry = new Action("a1", APPROVED, "h", "r1", action(APPROVED).resourceKey(), Optional.empty(), Optional.empty(),
                "alice", true, "", Map.of(), List.of(new Approval("bob", T0, "")), Optional.of(plan(false, 1)),
                Optional.empty(), List.of(), T0, T0, 3, 3, 0);
        assertRejected(ActionTransitions.decide(dry, new ActionCommand.AutoRun(), TransitionContext.at(NOW)),
                Reason.INVALID_TRANSITION, "dry-run");
    }

    @Test
    void autoRun_runsAsTheLastApprover_whoNeedsAnElevationForADestructivePlan() {
        Action approved = action(APPROVED).withPlan(Optional.of(plan(true, 1)));
        assertThat(ActionTransitions.actingSubject(approved, new ActionCommand.AutoRun())).contains("bob");
        assertRejected(ActionTransitions.decide(approved, new ActionCommand.AutoRun(), TransitionContext.at(NOW).withElevations(
                List.of(activeElevation("oscar", Optional.empty(), NOW.plusSeconds(60))))), Reason.FORBIDDEN, "bob");
        TransitionDecision ok = ActionTransitions.decide(approved, new ActionCommand.AutoRun(), TransitionContext.at(NOW)
                .withElevations(List.of(activeElevation("bob", Optional.empty(), NOW.plusSeconds(60)))));
        assertThat(((Accepted) ok).event().data()).containsEntry("by", "bob");
    }

    @Test
    void replan_clearsApprovalsAndReplacesThePlan() {
        Accepted d = (Accepted) ActionTransitions.decide(action(APPROVED), new ActionCommand.Replan(plan(false, 7)),
                TransitionContext.at(NOW));
        assertThat(d.next().approvals()).isEmpty();
        assertThat(d.next().plan().orElseThrow().baseVersion()).isEqualTo(7);
    }

    @Test
    void preflightFailed_saysNothingWasChanged() {
        Accepted d = (Accepted) ActionTransitions.decide(action(PREFLIGHT), new ActionCommand.PreflightFailed(List.of("no such endpoint")),
                TransitionContext.at(NOW));
        assertThat(d.next().result().orElseThrow().message()).contains("nothing was changed").contains("no such endpoint");
        assertThat(d.next().result().orElseThrow().mayHaveHappened()).isFalse();
        assertThat(d.next().result().orElseThrow().error()).contains("no such endpoint");
    }

    @Test
    void failed_keepsTheLastErrorAndWhetherTheChangeMayHaveHappened() {
        Accepted d = (Accepted) ActionTransitions.decide(action(VERIFYING), new ActionCommand.Failed("may have happened", "e", true),
                TransitionContext.at(NOW));
        assertThat(d.next().result().orElseThrow().error()).contains("e");
        assertThat(d.next().result().orElseThrow().mayHaveHappened()).isTrue();
    }

    @Test
    void cancel_needsTheOperatorRole() {
        assertRejected(ActionTransitions.decide(action(QUEUED), new ActionCommand.Cancel(CAROL_APPROVER), TransitionContext.at(NOW)),
                Reason.FORBIDDEN, "operator");
    }

    @Test
    void rollback_needsTheApproverRole() {
        assertRejected(ActionTransitions.decide(action(COMPLETED), new ActionCommand.Rollback(OSCAR_OPERATOR), TransitionContext.at(NOW)),
                Reason.FORBIDDEN, "approver");
        assertThat(ActionTransitions.decide(action(COMPLETED), new ActionCommand.Rollback(CAROL_APPROVER), TransitionContext.at(NOW)))
                .isInstanceOf(Accepted.class);
    }

    @Test
    void redrive_needsAnAdmin_andClearsPlanApprovalsAndResult() {
        assertRejected(ActionTransitions.decide(action(FAILED), new ActionCommand.Redrive(OSCAR_OPERATOR), TransitionContext.at(NOW)),
                Reason.FORBIDDEN, "admin");
        Accepted d = (Accepted) ActionTransitions.decide(action(FAILED), new ActionCommand.Redrive(ROOT), TransitionContext.at(NOW));
        assertThat(d.next().plan()).isEmpty();
        assertThat(d.next().approvals()).isEmpty();
        assertThat(d.next().result()).isEmpty();
    }

    private static void assertRejected(TransitionDecision d, Reason reason, String messagePart) {
        assertThat(d).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.message()).contains(messagePart);
        });
    }
}
