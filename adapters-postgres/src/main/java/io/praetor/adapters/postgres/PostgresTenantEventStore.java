package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.TenantEvents.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The event log and outbox in {@code tenant_events}. Appends of one tenant are serialised by an
 * advisory lock held until their transaction ends, so seqs are contiguous even when a transaction
 * rolls back; {@code published} marks what the relay has put on the bus.
 */
final class PostgresTenantEventStore implements TenantEventStore {
    private final PostgresTransactions tx;

    PostgresTenantEventStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts) {
        if (drafts.isEmpty()) return List.of();
        return tx.inTenant(tenant, "appending tenant events", dsl -> {
            AdvisoryLocks.lock(dsl, "tenant_events", tenant.value());
            long last = dsl.select(DSL.coalesce(DSL.max(SEQ), 0L)).from(T).where(TENANT.eq(tenant.value()))
                    .fetchOne(0, Long.class);
            List<TenantEvent> appended = new ArrayList<>(drafts.size());
            if (drafts.size() >= BulkRows.THRESHOLD) {
                List<Object[]> rows = new ArrayList<>(drafts.size());
                for (TenantEvent draft : drafts) {
                    TenantEvent e = new TenantEvent(tenant, ++last, draft.type(), draft.at(), draft.data());
                    rows.add(new Object[] {tenant.value(), e.seq(), e.type(), e.at(), JsonColumns.write(e.data()), false});
                    appended.add(e);
                }
                BulkRows.stage(dsl, T, List.of(TENANT, SEQ, TYPE, AT, DATA, PUBLISHED), rows).execute();
                return appended;
            }
            var insert = dsl.insertInto(T, TENANT, SEQ, TYPE, AT, DATA, PUBLISHED);
            for (TenantEvent draft : drafts) {
                TenantEvent e = new TenantEvent(tenant, ++last, draft.type(), draft.at(), draft.data());
                insert = insert.values(tenant.value(), e.seq(), e.type(), e.at(), JsonColumns.write(e.data()), false);
                appended.add(e);
            }
            insert.execute();
            return appended;
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
        tx.inTenant(tenant, "marking events published", dsl -> dsl.update(T).set(PUBLISHED, true)
                .where(TENANT.eq(tenant.value()), SEQ.eq(DSL.any(seqs.toArray(Long[]::new)))).execute());
    }

    private static TenantEvent toEvent(Record r) {
        return new TenantEvent(TenantId.of(r.get(TENANT)), r.get(SEQ), r.get(TYPE), r.get(AT),
                JsonColumns.readObject(r.get(DATA)));
    }
}
