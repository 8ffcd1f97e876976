package io.praetor.ports.events;

import io.praetor.ports.TenantId;
import java.util.List;

/**
 * The persisted per-tenant event log, which is also the outbox: an event is appended in the same
 * transaction as the change it describes, and published on the bus after commit. Events not yet
 * marked published are found again by {@link #unpublished} after a crash, so none is lost
 * (subscribers may see one twice and de-duplicate by (tenant, seq)).
 *
 * <p>Thread-safe; writes join the caller's transaction; seq is assigned contiguously per tenant.
 */
public interface TenantEventStore {
    /** Appends drafts in order and returns them with their seq. */
    List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts);

    /** Events with seq greater than {@code afterSeq}, in order, at most {@code limit}. */
    List<TenantEvent> read(TenantId tenant, long afterSeq, int limit);

    /** The highest seq of the tenant, 0 when empty. */
    long lastSeq(TenantId tenant);

    /** The oldest events of any tenant not yet marked published, at most {@code limit}. */
    List<TenantEvent> unpublished(int limit);

    void markPublished(TenantId tenant, List<Long> seqs);
}
