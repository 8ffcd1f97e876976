package io.praetor.ports;

import java.util.function.Supplier;

/**
 * The unit-of-work boundary. Writes made through the stores of one adapter family inside
 * {@link #inTransaction} commit together or not at all; this is how a state change and the events
 * that describe it are stored atomically (the outbox), and how an import is all-or-nothing.
 *
 * <p>Nested calls join the outer transaction. Work that must only happen once the data is durable
 * (publishing on the bus) is registered with {@link #afterCommit}. Implementations are thread-safe;
 * a transaction is bound to the calling thread.
 */
public interface Transactions {
    /** Runs {@code work} in a transaction; an exception rolls it back and propagates. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code action} after the outermost transaction commits, or now when none is open. */
    void afterCommit(Runnable action);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
