package io.praetor.adapters.postgres;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Transaction-scoped advisory locks that serialise the writers of one per-tenant sequence (event
 * seqs, ledger seqs) until their transaction ends, so seqs stay contiguous without a counter row.
 */
final class AdvisoryLocks {
    private AdvisoryLocks() {}

    static void lock(DSLContext dsl, String sequence, String tenant) {
        dsl.select(lockField(sequence, tenant)).fetch();
    }

    /** The lock as a select item, to take it in a statement that does something else too (one round trip). */
    static Field<Object> lockField(String sequence, String tenant) {
        return DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtextextended", Long.class, DSL.val(sequence + ":" + tenant), DSL.inline(0L)));
    }
}
