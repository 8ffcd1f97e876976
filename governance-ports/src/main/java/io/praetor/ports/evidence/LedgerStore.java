package io.praetor.ports.evidence;

import io.praetor.ports.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * The append-only storage of each tenant's ledger. Nothing stored is ever changed or removed.
 *
 * <p>{@link #append} is conditional: it stores the leaves only when the tenant's ledger has exactly
 * {@code expectedSize} entries and the leaves' seqs continue from it, else throws CONFLICT and
 * stores nothing — so two instances can never write the same seq. Thread-safe.
 */
public interface LedgerStore {
    void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves);

    long size(TenantId tenant);

    /** Leaves with seq in [from, from + limit), in order. */
    List<LedgerLeaf> read(TenantId tenant, long from, int limit);

    void putTreeHead(TreeHead head);

    /** The signed head with the largest tree size. */
    Optional<TreeHead> latestTreeHead(TenantId tenant);

    /** Tenants with at least one entry (for the background signer). */
    List<TenantId> tenants();
}
