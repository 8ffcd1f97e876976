package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.TenantEvents.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The event log and outbox in {@code tenant_events}; {@code published} marks what the relay has
 * put on the bus.
 *
 * <p>Seqs are contiguous per tenant, and a reader never sees a seq before every lower one is
 * visible: the appends of one tenant take an advisory lock that is held until their transaction
 * ends (PostgreSQL makes a commit visible before it releases the transaction's locks), and they
 * read the last seq after they hold it. {@link #appendAtCommit} takes that lock only as the
 * transaction commits (ADR 0029): the events are kept in the transaction until then, so writers of
 * one tenant queue for one INSERT and the COMMIT instead of for the rest of each other's
 * transactions.
 */
final class PostgresTenantEventStore implements TenantEventStore {
    /** Rows per INSERT: the arrays of one statement stay a few MB even for the largest imports. */
    private static final int CHUNK = 5_000;

    /**
     * Inserts {@code cardinality(types)} events after the tenant's last seq, in array order, and
     * answers that last seq. Arrays bound as text keep the statement text (and its plan) one for any
     * batch size; a data-modifying CTE runs even though the outer SELECT does not read it.
     */
    private static final String INSERT_AFTER_LAST = """
            WITH prev AS (SELECT coalesce(max(seq), 0) AS seq FROM tenant_events WHERE tenant_id = ?),
            inserted AS (
                INSERT INTO tenant_events (tenant_id, seq, type, at, data, published)
                SELECT ?, prev.seq + e.ord, e.type, e.at::timestamptz, e.data::jsonb, false
                FROM prev, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(type, at, data, ord)
                RETURNING 1)
            SELECT seq FROM prev""";
    private static final String LOCK_THEN_INSERT = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0));\n" + INSERT_AFTER_LAST;

    private final PostgresTransactions tx;
    /** The key of this store's pending appends in a transaction. */
    private final Object pendingKey = new Object();

    PostgresTenantEventStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts) {
        if (drafts.isEmpty()) return List.of();
        return tx.inTenant(tenant, "appending tenant events", dsl -> insert(dsl, tenant, drafts));
    }

    @Override
    public void appendAtCommit(TenantId tenant, List<TenantEvent> drafts, Transactions transactions,
                               Consumer<List<TenantEvent>> committed) {
        if (drafts.isEmpty()) {
            tx.afterCommit(() -> committed.accept(List.of()));
            return;
        }
        tx.inTransaction(() -> {
            Pending pending = tx.transactionLocal(pendingKey, () -> {
                Pending p = new Pending();
                tx.beforeCommit(() -> p.insertAll());
                return p;
            });
            Part part = pending.add(tenant, drafts);
            // registered now, so it runs in its place among the transaction's other after-commit actions
            tx.afterCommit(() -> committed.accept(part.appended));
            return null;
        });
    }

    /** The appends a transaction has made so far, by tenant, in order. */
    private final class Pending {
        final Map<TenantId, List<Part>> byTenant = new LinkedHashMap<>();
        boolean inserted;

        Part add(TenantId tenant, List<TenantEvent> drafts) {
            // only another before-commit action could get here, and its events would be lost
            if (inserted) throw new IllegalStateException("tenant events appended after they were written at commit");
            Part part = new Part(List.copyOf(drafts));
            byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(part);
            return part;
        }

        void insertAll() {
            for (Map.Entry<TenantId, List<Part>> e : byTenant.entrySet()) {
                TenantId tenant = e.getKey();
                List<TenantEvent> drafts = new ArrayList<>();
                for (Part part : e.getValue()) drafts.addAll(part.drafts);
                List<TenantEvent> appended = tx.inTenant(tenant, "appending tenant events", dsl -> insert(dsl, tenant, drafts));
                int from = 0;
                for (Part part : e.getValue()) {
                    part.appended = appended.subList(from, from + part.drafts.size());
                    from += part.drafts.size();
                }
            }
            inserted = true;
        }
    }

    /** One {@link #appendAtCommit} call: its drafts, and them with their seq once inserted. */
    private static final class Part {
        final List<TenantEvent> drafts;
        List<TenantEvent> appended = List.of();

        Part(List<TenantEvent> drafts) {
            this.drafts = drafts;
        }
    }

    /**
     * Locks the tenant's seq until the transaction ends, then inserts the drafts after its last seq.
     * The lock and the first INSERT go to the server together (one round trip, two statements, so
     * the INSERT's snapshot is taken once the lock is held): the lock is held for that INSERT and
     * the COMMIT only. The lock key is the one {@link AdvisoryLocks} has always used for this log.
     */
    private static List<TenantEvent> insert(DSLContext dsl, TenantId tenant, List<TenantEvent> drafts) {
        List<TenantEvent> appended = new ArrayList<>(drafts.size());
        for (int from = 0; from < drafts.size(); from += CHUNK) {
            List<TenantEvent> chunk = drafts.subList(from, Math.min(drafts.size(), from + CHUNK));
            long last = insertChunk(dsl, tenant, chunk, from == 0);
            for (int i = 0; i < chunk.size(); i++) {
                TenantEvent d = chunk.get(i);
                appended.add(new TenantEvent(tenant, last + 1 + i, d.type(), d.at(), d.data()));
            }
        }
        return appended;
    }

    /** Inserts one chunk (taking the lock first when asked) and returns the last seq before it. */
    private static long insertChunk(DSLContext dsl, TenantId tenant, List<TenantEvent> chunk, boolean lock) {
        String[] types = new String[chunk.size()];
        String[] ats = new String[chunk.size()];
        String[] data = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            TenantEvent d = chunk.get(i);
            types[i] = d.type();
            ats[i] = d.at().toString();
            data[i] = JsonColumns.write(d.data()).data();
        }
        return dsl.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(lock ? LOCK_THEN_INSERT : INSERT_AFTER_LAST)) {
                int p = 1;
                if (lock) ps.setString(p++, "tenant_events:" + tenant.value());
                ps.setString(p++, tenant.value());
                ps.setString(p++, tenant.value());
                ps.setArray(p++, c.createArrayOf("text", types));
                ps.setArray(p++, c.createArrayOf("text", ats));
                ps.setArray(p, c.createArrayOf("text", data));
                ps.execute();
                if (lock && !ps.getMoreResults()) throw new SQLException("no result from the INSERT after the lock");
                try (ResultSet rs = ps.getResultSet()) {
                    if (!rs.next()) throw new SQLException("no last seq from the INSERT");
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new DataAccessException("appending tenant events failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public List<TenantEvent> read(TenantId tenant, long afterSeq, int limit) {
        if (limit <= 0) return List.of();
        return tx.inTenant(tenant, "reading tenant events", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), SEQ.gt(afterSeq)).orderBy(SEQ).limit(limit)
                .fetch(PostgresTenantEventStore::toEvent));
    }

    @Override
    public long lastSeq(TenantId tenant) {
        // every cached GET /metrics asks this: one backward probe of the primary key in
        // tenant_events_last_seq (V3_28, ADR 0028), not a max(seq) the planner may turn into a read
        // of the tenant's whole log
        return tx.inTenant(tenant, "reading the last event seq", dsl -> dsl.select(
                DSL.function("tenant_events_last_seq", Long.class, DSL.val(tenant.value()))).fetchOne(0, Long.class));
    }

    @Override
    public List<TenantEvent> unpublished(int limit) {
        if (limit <= 0) return List.of();
        return tx.acrossTenants("reading unpublished events", dsl -> dsl.select(ALL).from(T)
                .where(PUBLISHED.isFalse()).orderBy(AT, TENANT, SEQ).limit(limit)
                .fetch(PostgresTenantEventStore::toEvent));
    }

    @Override
    public void markPublished(TenantId tenant, List<Long> seqs) {
        if (seqs.isEmpty()) return;
        // What a commit publishes is a run of consecutive seqs (an import: 100,000 of them): marked as
        // ranges, each one range scan of the primary key, instead of one index probe per seq; rows a
        // relay already marked are left alone rather than rewritten.
        long[] sorted = seqs.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] <= sorted[i - 1] + 1) {
                to.set(to.size() - 1, sorted[i]);
            } else {
                from.add(sorted[i]);
                to.add(sorted[i]);
            }
        }
        tx.inTenant(tenant, "marking events published", dsl -> dsl.execute("""
                UPDATE tenant_events e SET published = true
                FROM unnest({0}::bigint[], {1}::bigint[]) AS r(lo, hi)
                WHERE e.tenant_id = {2} AND e.seq BETWEEN r.lo AND r.hi AND NOT e.published""",
                DSL.val(from.toArray(Long[]::new)), DSL.val(to.toArray(Long[]::new)), DSL.val(tenant.value())));
    }

    private static TenantEvent toEvent(Record r) {
        return new TenantEvent(TenantId.of(r.get(TENANT)), r.get(SEQ), r.get(TYPE), r.get(AT),
                JsonColumns.readObject(r.get(DATA)));
    }
}
