package io.praetor.domain.detect;

import io.praetor.ports.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ResourceChangeListener} that hands the changes of concurrent writers of one tenant to
 * the delegate together (ADR 0028): a caller queues its changes; whichever caller finds no batch
 * running takes everything queued for the tenant and tells the delegate once, while the others
 * wait. Every caller returns only after a batch holding its changes was handled, so a write still
 * sees its findings re-evaluated when it returns. A resource changed by several queued writes is
 * handed over once, at its highest version (the stored state). A delegate that throws fails the
 * batch for all of its callers alike: each gets the exception, as it would have alone.
 *
 * <p>Why: re-evaluation of one tenant is serialised (one lock, one store transaction per call);
 * one call per write made concurrent single writes queue one behind the other at one transaction
 * each, where one call per batch does the same work in one transaction.
 */
public final class CoalescingChangeListener implements ResourceChangeListener {
    private final ResourceChangeListener delegate;
    private final Map<TenantId, Queue> queues = new ConcurrentHashMap<>();

    public CoalescingChangeListener(ResourceChangeListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void onChanges(TenantId tenant, List<ResourceChange> changes) {
        if (changes.isEmpty()) return;
        queues.computeIfAbsent(tenant, t -> new Queue()).handle(tenant, changes);
    }

    private final class Queue {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition done = lock.newCondition();
        private List<ResourceChange> pending = new ArrayList<>();
        /** Numbers batches: a caller's changes are in batch {@code queued + 1} of the moment it queued them. */
        private long started;
        private long finished;
        private boolean running;
        private final Map<Long, RuntimeException> failures = new LinkedHashMap<>();

        void handle(TenantId tenant, List<ResourceChange> changes) {
            long mine;
            List<ResourceChange> batch;
            lock.lock();
            try {
                pending.addAll(changes);
                mine = started + 1; // the next batch to start takes them
                while (running && finished < mine) done.awaitUninterruptibly();
                if (finished >= mine) {
                    rethrow(mine);
                    return; // another caller's batch handled them
                }
                running = true;
                started = mine;
                batch = latestPerResource(pending);
                pending = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            RuntimeException failure = null;
            try {
                delegate.onChanges(tenant, batch);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                lock.lock();
                try {
                    finished = mine;
                    running = false;
                    if (failure != null) failures.put(mine, failure);
                    failures.keySet().removeIf(n -> n < mine - 1_000); // bounded: late readers are long gone
                    done.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (failure != null) throw failure;
        }

        private void rethrow(long batch) {
            RuntimeException e = failures.get(batch);
            if (e != null) throw e;
        }
    }

    /** In first-seen order, each resource once, as its change of the highest version. */
    static List<ResourceChange> latestPerResource(List<ResourceChange> changes) {
        Map<String, ResourceChange> latest = new LinkedHashMap<>();
        for (ResourceChange c : changes) {
            latest.merge(c.id(), c, (old, now) -> now.version() >= old.version() ? now : old);
        }
        return List.copyOf(latest.values());
    }
}
