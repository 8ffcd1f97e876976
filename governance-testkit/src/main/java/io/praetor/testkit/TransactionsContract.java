package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static io.praetor.testkit.fixtures.Fixtures.aTenantEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.Transactions;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transactions} must do, checked through two stores of the same adapter family.
 * Subclasses return a new family: a transaction manager and empty stores whose writes join it.
 */
public abstract class TransactionsContract {
    /** A transaction manager and two stores bound to it. */
    public record Family(Transactions transactions, ResourceStore resources, TenantEventStore events) {}

    protected abstract Family newFamily();

    private Transactions tx;
    private ResourceStore resources;
    private TenantEventStore events;

    @BeforeEach
    void setUpFamily() {
        Family family = newFamily();
        tx = family.transactions();
        resources = family.resources();
        events = family.events();
    }

    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void inTransaction_returnsTheResultAndKeepsTheWrites() {
        String result = tx.inTransaction(() -> {
            resources.putAll(TENANT_A, List.of(aResource().withId("r-1").build()));
            events.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "resource.changed")));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(resources.get(TENANT_A, "r-1")).isPresent();
        assertThat(events.lastSeq(TENANT_A)).isEqualTo(1);
    }

    @Test
    void exception_rollsBackTheWritesOfEveryStoreAndPropagates() {
        Resource kept = aResource().withId("kept").withName("before").build();
        Resource doomed = aResource().withId("doomed").build();
        resources.putAll(TENANT_A, List.of(kept, doomed));
        events.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "resource.changed")));
        Boom boom = new Boom();

        assertThatThrownBy(() -> tx.run(() -> {
            resources.putAll(TENANT_A, List.of(aResource().withId("new").build(),
                    aResource().withId("kept").withName("after").build()));
            resources.deleteAll(TENANT_A, List.of("doomed"));
            events.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "resource.changed"),
                    aTenantEvent(TENANT_A, "resource.deleted")));
            throw boom;
        })).isSameAs(boom);

        assertThat(resources.get(TENANT_A, "new")).isEmpty();
        assertThat(resources.get(TENANT_A, "kept")).contains(kept);
        assertThat(resources.get(TENANT_A, "doomed")).contains(doomed);
        assertThat(resources.count(TENANT_A)).isEqualTo(2);
        assertThat(events.lastSeq(TENANT_A)).isEqualTo(1);
        assertThat(events.read(TENANT_A, 0, 10)).hasSize(1);
    }

    @Test
    void afterCommit_runsOnlyOnceTheTransactionHasCommitted() {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean ranInside = new AtomicBoolean();

        tx.run(() -> {
            resources.putAll(TENANT_A, List.of(aResource().withId("r-1").build()));
            tx.afterCommit(() -> ran.set(resources.get(TENANT_A, "r-1").isPresent()));
            ranInside.set(ran.get());
        });

        assertThat(ranInside).isFalse();
        assertThat(ran).isTrue();
    }

    @Test
    void afterCommit_neverRunsWhenTheTransactionRollsBack() {
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> tx.run(() -> {
            tx.afterCommit(() -> ran.set(true));
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(ran).isFalse();
    }

    @Test
    void afterCommit_runsAtOnceWhenNoTransactionIsOpen() {
        AtomicBoolean ran = new AtomicBoolean();

        tx.afterCommit(() -> ran.set(true));

        assertThat(ran).isTrue();
    }

    @Test
    void nestedTransaction_joinsTheOuterOne() {
        AtomicInteger callbacks = new AtomicInteger();
        AtomicInteger callbacksAfterInner = new AtomicInteger(-1);

        assertThatThrownBy(() -> tx.run(() -> {
            tx.run(() -> {
                resources.putAll(TENANT_A, List.of(aResource().withId("inner").build()));
                tx.afterCommit(callbacks::incrementAndGet);
            });
            callbacksAfterInner.set(callbacks.get());
            throw new Boom();
        })).isInstanceOf(Boom.class);

        assertThat(callbacksAfterInner).hasValue(0);
        assertThat(resources.get(TENANT_A, "inner")).isEmpty();
        assertThat(callbacks).hasValue(0);
    }

    @Test
    void nestedTransaction_callbacksRunAfterTheOutermostCommit() {
        AtomicInteger callbacks = new AtomicInteger();
        AtomicInteger callbacksAfterInner = new AtomicInteger(-1);

        tx.run(() -> {
            tx.run(() -> tx.afterCommit(callbacks::incrementAndGet));
            callbacksAfterInner.set(callbacks.get());
        });

        assertThat(callbacksAfterInner).hasValue(0);
        assertThat(callbacks).hasValue(1);
    }

    @Test
    void transactions_ofOtherThreadsCommitAndRollBackIndependently() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch otherCommitted = new CountDownLatch(1);
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> tx.run(() -> {
            resources.putAll(TENANT_A, List.of(aResource().withId("rolled-back").build()));
            written.countDown();
            await(otherCommitted);
            throw new Boom();
        }));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

        tx.run(() -> resources.putAll(TENANT_A, List.of(aResource().withId("committed").build())));
        otherCommitted.countDown();

        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Boom.class);
        assertThat(resources.get(TENANT_A, "committed")).isPresent();
        assertThat(resources.get(TENANT_A, "rolled-back")).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
