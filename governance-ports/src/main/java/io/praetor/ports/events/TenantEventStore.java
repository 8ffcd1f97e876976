package io.praetor.ports.events;

import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import java.util.List;
import java.util.function.Consumer;

/**
 * The persisted per-tenant event log, which is also the outbox: an event is appended in the same
 * transaction as the change it describes, and published on the bus after commit. Events not yet
 * marked published are found again by {@link #unpublished} after a crash, so none is lost
 * (subscribers may see one twice and de-duplicate by (tenant, seq)).
 *
 * <p>Thread-safe; writes join the caller's transaction; seq is assigned contiguously per tenant.
 *
 * <p>A caller hands its list of drafts over: a store may keep it rather than copy it, and read its
 * drafts more than once, so the caller does not change the list afterwards, and a list may make each
 * draft as it is read (a first scan's half a million finding events are made so; ADR 0044).
 */
public interface TenantEventStore {
    /** Appends drafts in order and returns them with their seq. */
    List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts);

    /**
     * Appends drafts in order as part of the caller's transaction (or a transaction of their own
     * when none is open) and, once it has committed, gives them with their seq to {@code committed}
     * — in the order of the other after-commit actions, as if registered now; never when it rolls
     * back. A store may assign the seqs only as the transaction commits, so the writers of one tenant
     * wait for each other for the length of a commit rather than of their whole transaction (ADR
     * 0029); readers still never see a seq before every lower one. {@code transactions} is the one of
     * this store's adapter family. The default appends at once.
     */
    default void appendAtCommit(TenantId tenant, List<TenantEvent> drafts, Transactions transactions,
                                Consumer<List<TenantEvent>> committed) {
        transactions.run(() -> {
            List<TenantEvent> appended = append(tenant, drafts);
            transactions.afterCommit(() -> committed.accept(appended));
        });
    }

    /** Events with seq greater than {@code afterSeq}, in order, at most {@code limit}. */
    List<TenantEvent> read(TenantId tenant, long afterSeq, int limit);

    /** The highest seq of the tenant, 0 when empty. */
    long lastSeq(TenantId tenant);

    /** The oldest events of any tenant not yet marked published, at most {@code limit}. */
    List<TenantEvent> unpublished(int limit);

    void markPublished(TenantId tenant, List<Long> seqs);
}
