package io.praetor.ports.action;

import io.praetor.ports.TenantId;
import java.util.List;

/**
 * The event history of each action. Thread-safe; writes join the caller's transaction.
 * {@link #append} requires {@code event.seq()} to be exactly one more than the last stored seq of
 * that action (from 1), else throws CONFLICT: the history is contiguous with no gaps or duplicates.
 */
public interface ActionEventStore {
    void append(TenantId tenant, ActionEvent event);

    /** Events of the action with seq greater than {@code afterSeq}, in seq order, at most {@code limit}. */
    List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit);
}
