package io.praetor.adapters.memory;

import io.praetor.ports.Transactions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Transactions for the memory stores: a transaction is bound to the calling thread, each store
 * write made while one is open records how to undo itself, and a rollback replays those undo steps
 * newest first. Nested calls join the outer transaction; after-commit work runs once the outermost
 * one commits. Other threads see writes before commit (there is no isolation), which is enough for
 * an embedded single-process engine whose writers already serialise through locks and revisions.
 */
final class InMemoryTransactions implements Transactions {
    private static final System.Logger LOG = System.getLogger(InMemoryTransactions.class.getName());

    private final ThreadLocal<Frame> current = new ThreadLocal<>();

    /** The open transaction of one thread. */
    private static final class Frame {
        final Deque<Runnable> undo = new ArrayDeque<>();
        final List<Runnable> afterCommit = new ArrayList<>();
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        Frame frame = new Frame();
        current.set(frame);
        T result;
        try {
            result = work.get();
        } catch (Throwable e) {
            // also catches checked exceptions thrown sneakily, so the thread never keeps a dead frame
            current.remove();
            rollback(frame, e);
            throw e;
        }
        current.remove();
        for (Runnable action : frame.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The data is committed; a failing callback (say, the bus is down) must not undo it.
                LOG.log(System.Logger.Level.WARNING, "after-commit action failed", e);
            }
        }
        return result;
    }

    private static void rollback(Frame frame, Throwable cause) {
        while (!frame.undo.isEmpty()) {
            try {
                frame.undo.pop().run();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        Frame frame = current.get();
        if (frame == null) {
            action.run();
        } else {
            frame.afterCommit.add(action);
        }
    }

    /** Called by a store after a write: remembers how to undo it when a transaction is open. */
    void recordUndo(Runnable undo) {
        Frame frame = current.get();
        if (frame != null) {
            frame.undo.push(undo);
        }
    }

    boolean inTransaction() {
        return current.get() != null;
    }
}
