package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.RESOURCE;
import static io.praetor.domain.act.ActHarness.TENANT;
import static io.praetor.ports.action.ActionState.APPROVED;
import static io.praetor.ports.action.ActionState.CANCELLED;
import static io.praetor.ports.action.ActionState.COMPLETED;
import static io.praetor.ports.action.ActionState.FAILED;
import static io.praetor.ports.action.ActionState.IN_PROGRESS;
import static io.praetor.ports.action.ActionState.PLANNED;
import static io.praetor.ports.action.ActionState.QUEUED;
import static io.praetor.ports.action.ActionState.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.Approval;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.usecase.ActionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActionLifecycleTest {
    private final ActHarness h = new ActHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PraetorException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static List<String> types(List<ActionEvent> events) {
        return events.stream().map(ActionEvent::type).toList();
    }

    @Test
    void manualAction_goesThroughEveryStepOnce_withContiguousEvents() {
        Action requested = h.request(h.setX, true);
        assertThat(requested.state()).isEqualTo(QUEUED);

        h.executor.advance(TENANT, requested.id());
        Action planned = h.get(requested.id());
        assertThat(planned.state()).isEqualTo(PLANNED);
        assertThat(planned.plan().orElseThrow().diff())
                .containsExactly(Map.of("op", "replace", "path", "/x", "value", 2L));
        assertThat(planned.plan().orElseThrow().baseVersion()).isEqualTo(1);

        h.service.approve(h.bob, requested.id(), "looks right");
        h.executor.advance(TENANT, requested.id());
        assertThat(h.get(requested.id()).state()).as("dry-run actions wait for a run").isEqualTo(APPROVED);

        assertThat(h.service.run(h.alice, requested.id()).state()).isEqualTo(IN_PROGRESS);
        h.executor.advance(TENANT, requested.id());

        Action done = h.get(requested.id());
        assertThat(done.state()).isEqualTo(COMPLETED);
        assertThat(done.result().orElseThrow().observed()).contains(Map.of("x", 2L));
        assertThat(h.setX.applyCalls).hasValue(1);
        List<ActionEvent> events = h.events(requested.id());
        assertThat(types(events)).containsExactly("action.queued", "action.preflight", "action.planned",
                "action.approved", "action.in_progress", "action.verifying", "action.completed");
        assertThat(events).extracting(ActionEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
        assertThat(done.lastSeq()).isEqualTo(7);
        List<TenantEvent> tenantEvents = h.memory.tenantEvents().read(TENANT, 0, 100);
        assertThat(tenantEvents).extracting(TenantEvent::type).containsExactlyElementsOf(types(events));
        assertThat(tenantEvents.get(2).data()).containsEntry("action_id", requested.id()).containsEntry("seq", 3L);
        assertThat(h.observed).singleElement().satisfies(r -> assertThat(r.properties()).containsEntry("x", 2L));
        assertThat(h.memory.resources().get(TENANT, RESOURCE).orElseThrow().properties()).containsEntry("x", 2L);
    }

    @Test
    void redeliveredMessage_forAnAdvancedAction_doesNothingTwice() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());
        long seq = h.get(a.id()).lastSeq();

        h.executor.advance(TENANT, a.id());
        h.executor.advance(TENANT, a.id());

        assertThat(h.get(a.id()).state()).isEqualTo(COMPLETED);
        assertThat(h.get(a.id()).lastSeq()).isEqualTo(seq);
        assertThat(h.setX.applyCalls).hasValue(1);
    }

    @Test
    void dryRunFalse_runsByItselfOnceApproved_asTheApprover() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "go");
        h.executor.advance(TENANT, a.id());

        assertThat(h.get(a.id()).state()).isEqualTo(COMPLETED);
        ActionEvent run = h.events(a.id()).stream().filter(e -> e.type().equals("action.in_progress")).findFirst().orElseThrow();
        assertThat(run.data()).containsEntry("by", "bob");
    }

    @Test
    void requestAction_byFinding_takesHandlerAndParamsFromTheRemediation_andLinksTheFinding() {
        Policy p = h.policy("x-is-2", PolicyMode.MANUAL, Optional.of(new Remediation("test.set-x", Map.of("x", 2L))));
        h.finding("f1", p);

        Action a = h.service.requestAction(h.alice, ActionRequest.forFinding("f1", true, "fix it"));

        assertThat(a.handler()).isEqualTo("test.set-x");
        assertThat(a.params()).isEqualTo(Map.of("x", 2L));
        assertThat(a.policyId()).contains("x-is-2");
        assertThat(a.findingId()).contains("f1");
        assertThat(a.dryRun()).isTrue();
        assertThat(h.memory.findings().get(TENANT, "f1").orElseThrow().actionIds()).containsExactly(a.id());
    }

    @Test
    void requestAction_rejectsAuditPoliciesMissingRemediationsAndUnknownHandlers() {
        h.finding("f-audit", h.policy("audit", PolicyMode.AUDIT, Optional.of(new Remediation("test.set-x", Map.of()))));
        h.finding("f-none", h.policy("none", PolicyMode.MANUAL, Optional.empty()));
        h.finding("f-unknown", h.policy("unknown", PolicyMode.MANUAL, Optional.of(new Remediation("no.such", Map.of()))));

        assertError(() -> h.service.requestAction(h.alice, ActionRequest.forFinding("f-audit", true, "")), ErrorCode.VALIDATION, "audit");
        assertError(() -> h.service.requestAction(h.alice, ActionRequest.forFinding("f-none", true, "")), ErrorCode.VALIDATION, "no remediation");
        assertError(() -> h.service.requestAction(h.alice, ActionRequest.forFinding("f-unknown", true, "")), ErrorCode.VALIDATION, "no.such");
        assertError(() -> h.service.requestAction(h.alice, ActionRequest.forFinding("f-missing", true, "")), ErrorCode.NOT_FOUND, "f-missing");
        assertError(() -> h.service.requestAction(h.viewer, ActionRequest.forFinding("f-none", true, "")), ErrorCode.FORBIDDEN, "operator");
    }

    @Test
    void approve_byTheRequester_isForbidden_fourEyes() {
        Action a = h.requestPlanned(h.setX, true);
        var aliceAdmin = ActHarness.principal("alice", io.praetor.ports.Role.ADMIN);
        assertError(() -> h.service.approve(aliceAdmin, a.id(), ""), ErrorCode.FORBIDDEN, "four eyes");
        assertThat(h.get(a.id()).state()).isEqualTo(PLANNED);
    }

    @Test
    void destructivePlan_needsAnActiveElevation_toApproveAndToRun() {
        Action a = h.requestPlanned(h.destroyX, true);
        assertThat(a.plan().orElseThrow().destructive()).isTrue();
        assertError(() -> h.service.approve(h.bob, a.id(), ""), ErrorCode.FORBIDDEN, "elevation");

        var bobsElevation = h.service.requestElevation(h.bob, "incident 42", Duration.ofMinutes(15), Optional.of(a.id()));
        h.service.approveElevation(h.root, bobsElevation.id());
        assertThat(h.service.approve(h.bob, a.id(), "").state()).isEqualTo(APPROVED);

        assertError(() -> h.service.run(h.alice, a.id()), ErrorCode.FORBIDDEN, "elevation");
        var alicesElevation = h.service.requestElevation(h.alice, "incident 42", Duration.ofMinutes(15), Optional.empty());
        h.service.approveElevation(h.root, alicesElevation.id());
        assertThat(h.service.run(h.alice, a.id()).state()).isEqualTo(IN_PROGRESS);
    }

    @Test
    void cancel_worksBeforeTheRun_andIsAnInvalidTransitionAfter() {
        Action queued = h.request(h.setX, true);
        assertThat(h.service.cancel(h.alice, queued.id()).state()).isEqualTo(CANCELLED);

        Action approved = h.requestPlanned(h.setX, true);
        h.service.approve(h.bob, approved.id(), "");
        assertThat(h.service.cancel(h.alice, approved.id()).state()).isEqualTo(CANCELLED);

        Action running = h.requestPlanned(h.setX, true);
        h.service.approve(h.bob, running.id(), "");
        h.service.run(h.alice, running.id());
        assertError(() -> h.service.cancel(h.alice, running.id()), ErrorCode.INVALID_TRANSITION, "in_progress");
        assertError(() -> h.service.cancel(h.alice, queued.id()), ErrorCode.INVALID_TRANSITION, "cancelled");
    }

    @Test
    void run_afterTheResourceChanged_isPlanStale_andReplansWithApprovalsCleared() {
        Action a = h.requestPlanned(h.setX, true);
        h.service.approve(h.bob, a.id(), "");
        h.drift(Map.of("x", 5L, "y", 1L));

        assertError(() -> h.service.run(h.alice, a.id()), ErrorCode.PLAN_STALE, "changed");

        Action replanned = h.get(a.id());
        assertThat(replanned.state()).isEqualTo(PLANNED);
        assertThat(replanned.approvals()).isEmpty();
        assertThat(replanned.plan().orElseThrow().baseVersion()).isEqualTo(2);
        assertThat(replanned.plan().orElseThrow().priorState()).isEqualTo(Map.of("x", 5L, "y", 1L));
        assertThat(h.setX.applyCalls).hasValue(0);
    }

    @Test
    void autoRun_afterTheResourceChanged_goesBackToPlanned() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.drift(Map.of("x", 7L));
        h.executor.advance(TENANT, a.id());

        Action replanned = h.get(a.id());
        assertThat(replanned.state()).isEqualTo(PLANNED);
        assertThat(replanned.approvals()).isEmpty();
        assertThat(replanned.plan().orElseThrow().baseVersion()).isEqualTo(2);
        assertThat(h.setX.applyCalls).hasValue(0);
    }

    @Test
    void transientApplyErrors_areRetriedWithBackoff_thenComplete() {
        ScriptedHandler.failTimes(h.setX.applyFailures, 2, ScriptedHandler.transientError());
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        assertThat(h.get(a.id()).state()).isEqualTo(COMPLETED);
        assertThat(h.setX.applyCalls).hasValue(3);
        assertThat(h.setX.changesMade).hasValue(1);
    }

    @Test
    void retriesExhausted_rollBack_toRolledBack() {
        ScriptedHandler.failTimes(h.setX.applyFailures, 3, ScriptedHandler.transientError());
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        Action rolledBack = h.get(a.id());
        assertThat(rolledBack.state()).isEqualTo(ROLLED_BACK);
        assertThat(h.setX.applyCalls).hasValue(3);
        assertThat(h.setX.rollbackCalls).hasValue(1);
        assertThat(rolledBack.result().orElseThrow().error().orElseThrow()).contains("apply failed").contains("3 attempts");
        assertThat(h.setX.cloud.get(RESOURCE)).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void rollbackFailing_leavesTheActionFailed_sayingTheChangeMayHaveHappened_andRedriveQueuesItAfresh() {
        h.setX.verifyMismatch = true;
        ScriptedHandler.failTimes(h.setX.rollbackFailures, 3, ScriptedHandler.transientError());
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        Action failed = h.get(a.id());
        assertThat(failed.state()).isEqualTo(FAILED);
        assertThat(failed.result().orElseThrow().mayHaveHappened()).isTrue();
        assertThat(failed.result().orElseThrow().message()).contains("MAY HAVE HAPPENED").contains("rollback failed");
        assertThat(failed.result().orElseThrow().error().orElseThrow()).contains("verify found the change not in place");
        assertThat(h.service.actions(h.viewer, ActionQuery.inState(FAILED), PageRequest.firstPage()).items())
                .as("the DLQ").extracting(Action::id).containsExactly(a.id());

        assertError(() -> h.service.redrive(h.alice, a.id()), ErrorCode.FORBIDDEN, "admin");
        h.setX.verifyMismatch = false;
        Action redriven = h.service.redrive(h.root, a.id());
        assertThat(redriven.state()).isEqualTo(QUEUED);
        assertThat(redriven.plan()).isEmpty();
        assertThat(redriven.approvals()).isEmpty();
        h.executor.advance(TENANT, a.id());
        Action replanned = h.get(a.id());
        assertThat(replanned.state()).isEqualTo(PLANNED);
        assertThat(replanned.plan().orElseThrow().priorState()).as("planned afresh from the cloud as it is now")
                .isEqualTo(Map.of("x", 2L));
    }

    @Test
    void definiteApplyFailure_failsWithoutRollback_sayingNothingHappened() {
        ScriptedHandler.failTimes(h.setX.applyFailures, 1, new PraetorException(ErrorCode.VALIDATION, "400: bad bucket"));
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        Action failed = h.get(a.id());
        assertThat(failed.state()).isEqualTo(FAILED);
        assertThat(failed.result().orElseThrow().mayHaveHappened()).isFalse();
        assertThat(failed.result().orElseThrow().message()).contains("did not happen");
        assertThat(h.setX.applyCalls).hasValue(1);
        assertThat(h.setX.rollbackCalls).hasValue(0);
    }

    @Test
    void verifyMismatch_rollsBack() {
        h.setX.verifyMismatch = true;
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        assertThat(h.get(a.id()).state()).isEqualTo(ROLLED_BACK);
        assertThat(h.setX.rollbackCalls).hasValue(1);
        assertThat(h.setX.cloud.get(RESOURCE)).isEqualTo(Map.of("x", 1L));
        assertThat(h.observed).isEmpty();
    }

    @Test
    void failedPreflight_failsTheAction_havingChangedNothing() {
        h.setX.preflightProblems = List.of("bucket is locked");
        Action a = h.requestPlanned(h.setX, false);

        assertThat(a.state()).isEqualTo(FAILED);
        assertThat(a.result().orElseThrow().message()).contains("nothing was changed").contains("bucket is locked");
        assertThat(h.setX.applyCalls).hasValue(0);
    }

    @Test
    void rollback_ofACompletedAction_restoresThePriorState_byAnApprover() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());

        assertError(() -> h.service.rollback(h.alice, a.id()), ErrorCode.FORBIDDEN, "approver");
        assertThat(h.service.rollback(h.carol, a.id()).state()).isEqualTo(ROLLED_BACK);
        assertThat(h.setX.cloud.get(RESOURCE)).isEqualTo(Map.of("x", 1L));
        assertError(() -> h.service.rollback(h.carol, a.id()), ErrorCode.INVALID_TRANSITION, "rolled_back");
    }

    @Test
    void rollback_ofACompletedAction_whenTheHandlerFails_staysCompletedAndSaysSo() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());
        ScriptedHandler.failTimes(h.setX.rollbackFailures, 3, ScriptedHandler.transientError());

        assertError(() -> h.service.rollback(h.carol, a.id()), ErrorCode.OUTCOME_UNKNOWN, "may have been partly restored");
        assertThat(h.get(a.id()).state()).isEqualTo(COMPLETED);
    }

    @Test
    void autoModePolicy_startsItsActionOnANewFinding_andANonDestructivePlanApprovesAndRunsItself() {
        Policy p = h.policy("x-auto", PolicyMode.AUTO, Optional.of(new Remediation("test.set-x", Map.of("x", 2L))));
        h.service.onFindingOpened(TENANT, h.finding("f1", p), p);

        Action a = h.service.actions(h.viewer, ActionQuery.all(), PageRequest.firstPage()).items().get(0);
        assertThat(a.requestedBy()).isEqualTo("system");
        assertThat(a.dryRun()).isFalse();
        h.executor.advance(TENANT, a.id());

        Action done = h.get(a.id());
        assertThat(done.state()).isEqualTo(COMPLETED);
        assertThat(done.approvals()).extracting(Approval::by).containsExactly("system");

        h.service.onFindingOpened(TENANT, h.memory.findings().get(TENANT, "f1").orElseThrow(), p);
        assertThat(h.service.actions(h.viewer, ActionQuery.all(), PageRequest.firstPage()).items())
                .as("a completed action does not block a new one for a re-opened finding").hasSize(2);
    }

    @Test
    void autoModePolicy_doesNotStartASecondActionWhileOneIsLive() {
        Policy p = h.policy("x-auto", PolicyMode.AUTO, Optional.of(new Remediation("test.set-x", Map.of("x", 2L))));
        h.service.onFindingOpened(TENANT, h.finding("f1", p), p);
        h.service.onFindingOpened(TENANT, h.memory.findings().get(TENANT, "f1").orElseThrow(), p);
        assertThat(h.service.actions(h.viewer, ActionQuery.all(), PageRequest.firstPage()).items()).hasSize(1);
    }

    @Test
    void autoModePolicy_withADestructivePlan_waitsForAPerson() {
        Policy p = h.policy("destroy-auto", PolicyMode.AUTO, Optional.of(new Remediation("test.destroy-x", Map.of("x", 2L))));
        h.service.onFindingOpened(TENANT, h.finding("f1", p), p);
        Action a = h.service.actions(h.viewer, ActionQuery.all(), PageRequest.firstPage()).items().get(0);
        h.executor.advance(TENANT, a.id());

        assertThat(h.get(a.id()).state()).isEqualTo(PLANNED);
        assertThat(h.get(a.id()).approvals()).isEmpty();
    }

    @Test
    void manualAndAuditPolicies_doNotStartActionsByThemselves() {
        Policy manual = h.policy("x-manual", PolicyMode.MANUAL, Optional.of(new Remediation("test.set-x", Map.of("x", 2L))));
        h.service.onFindingOpened(TENANT, h.finding("f1", manual), manual);
        assertThat(h.service.actions(h.viewer, ActionQuery.all(), PageRequest.firstPage()).items()).isEmpty();
    }

    @Test
    void staleLeaseHolder_isFencedOut_andTheNewHolderFinishesTheAction() {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        ActionExecutor second = h.newExecutor(h.ports);
        // While the first executor is inside apply, its lease expires and a second executor takes over.
        h.setX.duringApply = () -> {
            h.setX.duringApply = () -> { };
            h.clock.advance(Duration.ofMinutes(2));
            second.advance(TENANT, a.id());
        };
        h.executor.advance(TENANT, a.id());

        Action done = h.get(a.id());
        assertThat(done.state()).isEqualTo(COMPLETED);
        assertThat(h.setX.applyCalls).as("apply was called twice").hasValue(2);
        assertThat(h.setX.changesMade).as("but, idempotent by action id, changed once").hasValue(1);
        assertThat(types(h.events(a.id())).stream().filter(t -> t.equals("action.completed"))).hasSize(1);
        assertThat(h.events(a.id())).extracting(ActionEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, done.lastSeq()).boxed().toList());
    }

    @Test
    void holderWokenWhileTheNewHolderIsStillInsideApply_isFencedOut_thoughTheNewHolderHasWrittenNothingYet()
            throws Exception {
        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        ActionExecutor second = h.newExecutor(h.ports);
        CountDownLatch firstInApply = new CountDownLatch(1);
        CountDownLatch wakeFirst = new CountDownLatch(1);
        CountDownLatch secondInApply = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        AtomicInteger applies = new AtomicInteger();
        // The first holder freezes inside apply (a GC pause, SIGSTOP); the second takes the expired lease and
        // is itself inside apply, so the action has seen no write with the second's token, when the first wakes.
        h.setX.duringApply = () -> {
            boolean first = applies.incrementAndGet() == 1;
            (first ? firstInApply : secondInApply).countDown();
            awaitLatch(first ? wakeFirst : releaseSecond);
        };
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                var frozen = threads.submit(() -> h.executor.advance(TENANT, a.id()));
                awaitLatch(firstInApply);
                h.clock.advance(Duration.ofMinutes(2));
                var taker = threads.submit(() -> second.advance(TENANT, a.id()));
                awaitLatch(secondInApply);
                wakeFirst.countDown();
                frozen.get(30, TimeUnit.SECONDS);
                assertThat(h.get(a.id()).state()).as("the woken holder's late write was refused").isEqualTo(IN_PROGRESS);
                releaseSecond.countDown();
                taker.get(30, TimeUnit.SECONDS);
            } finally { // before the executor's close waits for both
                wakeFirst.countDown();
                releaseSecond.countDown();
            }
        }

        Action done = h.get(a.id());
        assertThat(done.state()).isEqualTo(COMPLETED);
        assertThat(types(h.events(a.id())).stream().filter(t -> t.equals("action.completed"))).hasSize(1);
        assertThat(h.events(a.id())).extracting(ActionEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, done.lastSeq()).boxed().toList());
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new AssertionError("waited 30 s for a step");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void events_andReads_needTheTenantAndTheViewerRole() {
        Action a = h.request(h.setX, true);
        assertThat(h.service.events(h.viewer, a.id(), 0, 10)).extracting(ActionEvent::type).containsExactly("action.queued");
        var otherTenant = new io.praetor.ports.Principal("vic", io.praetor.ports.TenantId.of("t2"),
                java.util.Set.of(io.praetor.ports.Role.ADMIN));
        assertError(() -> h.service.action(otherTenant, a.id()), ErrorCode.NOT_FOUND, a.id());
    }
}
