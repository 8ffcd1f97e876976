package io.praetor.ports.action;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * The event history of each action. Thread-safe; writes join the caller's transaction.
 * {@link #append} requires {@code event.seq()} to be exactly one more than the last stored seq of
 * that action (from 1), else throws CONFLICT: the history is contiguous with no gaps or duplicates.
 */
public interface ActionEventStore {
    /**
     * Appends the event. Every event but {@code action.progress} is stored <em>unanchored</em>: its
     * ledger entry is written after the transaction commits, and {@link #markAnchored} says it was,
     * so that one lost in a crash in between is found by {@link #unanchored} and written then.
     */
    void append(TenantId tenant, ActionEvent event);

    /** Events of the action with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit);

    /** Unanchored events of any tenant with {@code at} before {@code before}, oldest first, at most {@code limit}. */
    List<Unanchored> unanchored(Instant before, int limit);

    /** The ledger entry of this event is written; does nothing for an unknown or already anchored event. */
    void markAnchored(TenantId tenant, String actionId, long seq);

    /** An event whose ledger entry is not known to be written, with its tenant. */
    record Unanchored(TenantId tenant, ActionEvent event) {
        public Unanchored {
            java.util.Objects.requireNonNull(tenant);
            java.util.Objects.requireNonNull(event);
        }
    }
}
