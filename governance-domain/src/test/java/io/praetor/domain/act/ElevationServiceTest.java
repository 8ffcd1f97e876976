package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Role;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.ElevationState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ElevationServiceTest {
    private final ActHarness h = new ActHarness();
    private final ElevationService elevations = new ElevationService(h.ports);

    @AfterEach
    void close() {
        h.close();
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String part) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PraetorException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(part);
        });
    }

    @Test
    void request_isPending_andNeedsOperatorOrApprover_aReason_andAtMostSixtyMinutes() {
        Elevation e = elevations.requestElevation(h.alice, "incident", Duration.ofMinutes(60), Optional.empty());
        assertThat(e.state()).isEqualTo(ElevationState.PENDING);
        assertThat(e.requestedAt()).isEqualTo(T0);
        assertThat(elevations.requestElevation(h.bob, "incident", Duration.ofMinutes(1), Optional.empty()).principal()).isEqualTo("bob");

        assertError(() -> elevations.requestElevation(h.viewer, "x", Duration.ofMinutes(5), Optional.empty()), ErrorCode.FORBIDDEN, "operator");
        assertError(() -> elevations.requestElevation(h.alice, "x", Duration.ofMinutes(61), Optional.empty()), ErrorCode.VALIDATION, "60");
        assertError(() -> elevations.requestElevation(h.alice, "x", Duration.ZERO, Optional.empty()), ErrorCode.VALIDATION, "60");
        assertError(() -> elevations.requestElevation(h.alice, " ", Duration.ofMinutes(5), Optional.empty()), ErrorCode.VALIDATION, "reason");
        assertError(() -> elevations.requestElevation(h.alice, "x", Duration.ofMinutes(5), Optional.of("nope")), ErrorCode.NOT_FOUND, "nope");
    }

    @Test
    void approve_byAnotherAdmin_activatesUntilApprovalPlusDuration() {
        Elevation e = elevations.requestElevation(h.alice, "incident", Duration.ofMinutes(30), Optional.empty());
        h.clock.advance(Duration.ofSeconds(90));

        Elevation active = elevations.approveElevation(h.root, e.id());

        assertThat(active.state()).isEqualTo(ElevationState.ACTIVE);
        assertThat(active.approvedBy()).contains("root");
        assertThat(active.expiresAt()).contains(T0.plusSeconds(90).plus(Duration.ofMinutes(30)));
    }

    @Test
    void approve_isForbiddenToTheRequester_toTheActionsRequester_andToNonAdmins() {
        var rootOperator = ActHarness.principal("root", Role.ADMIN);
        Elevation own = elevations.requestElevation(rootOperator, "mine", Duration.ofMinutes(5), Optional.empty());
        assertError(() -> elevations.approveElevation(rootOperator, own.id()), ErrorCode.FORBIDDEN, "own");

        Action a = h.request(h.setX, true);
        var aliceAdmin = ActHarness.principal("alice", Role.ADMIN);
        Elevation forAction = elevations.requestElevation(h.bob, "approve it", Duration.ofMinutes(5), Optional.of(a.id()));
        assertError(() -> elevations.approveElevation(aliceAdmin, forAction.id()), ErrorCode.FORBIDDEN, "requester of action");
        assertError(() -> elevations.approveElevation(h.carol, forAction.id()), ErrorCode.FORBIDDEN, "admin");
        assertThat(elevations.approveElevation(h.root, forAction.id()).state()).isEqualTo(ElevationState.ACTIVE);
    }

    @Test
    void expiry_isExactToTheSecond() {
        Elevation e = elevations.requestElevation(h.bob, "incident", Duration.ofMinutes(10), Optional.empty());
        Elevation active = elevations.approveElevation(h.root, e.id());
        Action a = h.requestPlanned(h.destroyX, true);

        h.clock.set(active.expiresAt().orElseThrow().minusSeconds(1));
        assertThat(elevations.elevations(h.viewer, Optional.of(ElevationState.ACTIVE))).extracting(Elevation::id).containsExactly(e.id());

        h.clock.set(active.expiresAt().orElseThrow());
        assertThat(elevations.elevations(h.viewer, Optional.of(ElevationState.ACTIVE))).isEmpty();
        assertThat(elevations.elevations(h.viewer, Optional.of(ElevationState.EXPIRED))).extracting(Elevation::id).containsExactly(e.id());
        assertError(() -> h.service.approve(h.bob, a.id(), ""), ErrorCode.FORBIDDEN, "elevation");

        h.clock.set(active.expiresAt().orElseThrow().minusSeconds(1));
        assertThat(h.service.approve(h.bob, a.id(), "").state()).isEqualTo(io.praetor.ports.action.ActionState.APPROVED);
    }

    @Test
    void reject_thenApprove_isAnInvalidTransition() {
        Elevation e = elevations.requestElevation(h.alice, "incident", Duration.ofMinutes(10), Optional.empty());
        assertThat(elevations.rejectElevation(h.root, e.id()).state()).isEqualTo(ElevationState.REJECTED);
        assertError(() -> elevations.approveElevation(h.root, e.id()), ErrorCode.INVALID_TRANSITION, "rejected");
        assertError(() -> elevations.rejectElevation(h.alice, e.id()), ErrorCode.FORBIDDEN, "admin");
    }

    @Test
    void revoke_byTheHolderOrAnAdmin_only() {
        Elevation e = elevations.requestElevation(h.alice, "incident", Duration.ofMinutes(10), Optional.empty());
        elevations.approveElevation(h.root, e.id());
        assertError(() -> elevations.revokeElevation(h.bob, e.id()), ErrorCode.FORBIDDEN, "holder");
        assertThat(elevations.revokeElevation(h.alice, e.id()).state()).isEqualTo(ElevationState.REVOKED);
        assertError(() -> elevations.revokeElevation(h.root, e.id()), ErrorCode.INVALID_TRANSITION, "revoked");

        Elevation other = elevations.requestElevation(h.alice, "again", Duration.ofMinutes(10), Optional.empty());
        assertThat(elevations.revokeElevation(h.root, other.id()).state()).isEqualTo(ElevationState.REVOKED);
    }

    @Test
    void anElevationBoundToOneAction_doesNotEmpowerOthers() {
        Action first = h.requestPlanned(h.destroyX, true);
        Action second = h.requestPlanned(h.destroyX, true);
        Elevation e = elevations.requestElevation(h.bob, "only the first", Duration.ofMinutes(10), Optional.of(first.id()));
        elevations.approveElevation(h.root, e.id());

        assertThat(h.service.approve(h.bob, first.id(), "").state()).isEqualTo(io.praetor.ports.action.ActionState.APPROVED);
        assertError(() -> h.service.approve(h.bob, second.id(), ""), ErrorCode.FORBIDDEN, "elevation");
    }

    @Test
    void concurrentDecisions_onOneRequest_exactlyOneWins() throws Exception {
        Elevation e = elevations.requestElevation(h.alice, "incident", Duration.ofMinutes(10), Optional.empty());
        List<Callable<Elevation>> deciders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            var admin = ActHarness.principal("admin" + i, Role.ADMIN);
            deciders.add(i % 2 == 0 ? () -> elevations.approveElevation(admin, e.id()) : () -> elevations.rejectElevation(admin, e.id()));
        }
        assertThat(runTogether(deciders)).isEqualTo(1);
    }

    /** Runs the calls at once; returns how many succeeded (the others must fail with a PraetorException). */
    static <T> int runTogether(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            int ok = 0;
            for (Future<T> f : futures) {
                try {
                    f.get();
                    ok++;
                } catch (java.util.concurrent.ExecutionException ex) {
                    assertThat(ex.getCause()).isInstanceOf(PraetorException.class);
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }
}
