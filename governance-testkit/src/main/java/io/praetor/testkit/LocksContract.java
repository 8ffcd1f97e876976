package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.Lease;
import io.praetor.ports.coordination.Locks;
import io.praetor.testkit.fixtures.TestClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Locks} must do. Subclasses return new, empty locks that read the given clock. */
public abstract class LocksContract {
    protected abstract Locks newLocks(InstantSource clock);

    private static final Duration TTL = Duration.ofSeconds(30);

    private final TestClock clock = new TestClock();
    private Locks locks;

    @BeforeEach
    void setUpLocks() {
        locks = newLocks(clock);
    }

    @Test
    void tryAcquire_ofAFreeName_givesALeaseUntilNowPlusTtl() {
        Optional<Lease> lease = locks.tryAcquire(TENANT_A, "resource:r-1", "worker-1", TTL);

        assertThat(lease).hasValueSatisfying(l -> {
            assertThat(l.tenant()).isEqualTo(TENANT_A);
            assertThat(l.name()).isEqualTo("resource:r-1");
            assertThat(l.owner()).isEqualTo("worker-1");
            assertThat(l.expiresAt()).isEqualTo(T0.plus(TTL));
            assertThat(l.fencingToken()).isPositive();
        });
    }

    @Test
    void tryAcquire_whileAnotherOwnerHoldsTheLease_isEmpty() {
        locks.tryAcquire(TENANT_A, "n", "worker-1", TTL);
        clock.advance(TTL.minusSeconds(1));

        assertThat(locks.tryAcquire(TENANT_A, "n", "worker-2", TTL)).isEmpty();
    }

    @Test
    void tryAcquire_afterTheLeaseExpired_takesItOverWithAHigherToken() {
        Lease first = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();
        clock.advance(TTL);

        Lease second = locks.tryAcquire(TENANT_A, "n", "worker-2", TTL).orElseThrow();

        assertThat(second.owner()).isEqualTo("worker-2");
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
    }

    @Test
    void fencingTokens_strictlyIncreaseAcrossReleases() {
        long last = 0;
        for (int i = 0; i < 5; i++) {
            Lease lease = locks.tryAcquire(TENANT_A, "n", "worker-" + i, TTL).orElseThrow();
            assertThat(lease.fencingToken()).isGreaterThan(last);
            last = lease.fencingToken();
            locks.release(lease);
        }
    }

    @Test
    void renew_extendsALeaseStillHeld() {
        Lease lease = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();
        clock.advance(Duration.ofSeconds(20));

        Optional<Lease> renewed = locks.renew(lease, TTL);
        clock.advance(Duration.ofSeconds(20));

        assertThat(renewed).hasValueSatisfying(r -> {
            assertThat(r.fencingToken()).isEqualTo(lease.fencingToken());
            assertThat(r.expiresAt()).isEqualTo(T0.plusSeconds(20).plus(TTL));
        });
        assertThat(locks.tryAcquire(TENANT_A, "n", "worker-2", TTL)).isEmpty();
    }

    @Test
    void renew_afterAnotherOwnerTookOver_isEmpty() {
        Lease lost = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();
        clock.advance(TTL.plusSeconds(1));
        Lease winner = locks.tryAcquire(TENANT_A, "n", "worker-2", TTL).orElseThrow();

        assertThat(locks.renew(lost, TTL)).isEmpty();
        assertThat(locks.tryAcquire(TENANT_A, "n", "worker-1", TTL)).isEmpty();
        assertThat(locks.renew(winner, TTL)).isPresent();
    }

    @Test
    void renew_afterExpiry_isEmpty() {
        Lease lease = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();
        clock.advance(TTL);

        assertThat(locks.renew(lease, TTL)).isEmpty();
    }

    @Test
    void release_freesTheNameForAnotherOwner() {
        Lease lease = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();

        locks.release(lease);

        assertThat(locks.tryAcquire(TENANT_A, "n", "worker-2", TTL)).isPresent();
    }

    @Test
    void release_ofALeaseThatWasTakenOver_leavesTheNewHolderAlone() {
        Lease stale = locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();
        clock.advance(TTL);
        locks.tryAcquire(TENANT_A, "n", "worker-2", TTL).orElseThrow();

        locks.release(stale);

        assertThat(locks.tryAcquire(TENANT_A, "n", "worker-3", TTL)).isEmpty();
    }

    @Test
    void names_arePerTenant() {
        locks.tryAcquire(TENANT_A, "n", "worker-1", TTL).orElseThrow();

        assertThat(locks.tryAcquire(TENANT_B, "n", "worker-2", TTL)).isPresent();
        assertThat(locks.tryAcquire(TENANT_A, "other", "worker-2", TTL)).isPresent();
    }

    @Test
    void concurrentAcquires_ofOneName_giveExactlyOneLease() {
        List<Optional<Lease>> leases = Race.run(8, i -> () -> locks.tryAcquire(TENANT_A, "n", "worker-" + i, TTL));

        assertThat(leases).filteredOn(Optional::isPresent).hasSize(1);
    }
}
