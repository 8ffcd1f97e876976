package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.ActionEvents.*;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionState;
import java.time.Instant;
import java.util.List;
import org.jooq.impl.DSL;

/**
 * Action histories in {@code action_events}. An append must continue the history by exactly one;
 * two concurrent appends of the same seq collide on the primary key, which is a CONFLICT too.
 */
final class PostgresActionEventStore implements ActionEventStore {
    private final PostgresTransactions tx;

    PostgresActionEventStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(TenantId tenant, ActionEvent e) {
        tx.inTenantAtomically(tenant, "appending an action event", dsl -> {
            // one statement: the row goes in only when it continues the history by one (a transition's
            // write path pays one round trip, not a read of the last seq and then the INSERT)
            var last = dsl.select(DSL.coalesce(DSL.max(SEQ), 0L)).from(T)
                    .where(TENANT.eq(tenant.value()), ACTION_ID.eq(e.actionId()));
            int inserted = dsl.insertInto(T, TENANT, ACTION_ID, SEQ, TYPE, STATE, AT, MESSAGE, DATA, ANCHORED)
                    .select(DSL.select(DSL.val(tenant.value(), TENANT), DSL.val(e.actionId(), ACTION_ID), DSL.val(e.seq(), SEQ),
                                    DSL.val(e.type(), TYPE), DSL.val(e.state().wireName(), STATE), DSL.val(e.at(), AT),
                                    DSL.val(e.message(), MESSAGE), DSL.val(JsonColumns.write(e.data()), DATA),
                                    DSL.val(ActionEvent.PROGRESS.equals(e.type()), ANCHORED))
                            .where(DSL.field(last).eq(e.seq() - 1)))
                    .execute();
            if (inserted == 0) {
                long stored = last.fetchOne(0, Long.class);
                throw new PraetorException(ErrorCode.CONFLICT, "action " + e.actionId() + " expects event seq "
                        + (stored + 1) + ", got " + e.seq());
            }
            return inserted;
        });
    }

    @Override
    public List<Unanchored> unanchored(Instant before, int limit) {
        if (limit <= 0) return List.of();
        return tx.acrossTenants("reading unanchored action events", dsl -> dsl.select(ALL).from(T)
                .where(ANCHORED.isFalse(), AT.lt(before)).orderBy(AT, TENANT, ACTION_ID, SEQ).limit(limit)
                .fetch(r -> new Unanchored(TenantId.of(r.get(TENANT)), toEvent(r))));
    }

    @Override
    public void markAnchored(TenantId tenant, String actionId, long seq) {
        tx.inTenant(tenant, "marking an action event anchored", dsl -> dsl.update(T).set(ANCHORED, true)
                .where(TENANT.eq(tenant.value()), ACTION_ID.eq(actionId), SEQ.eq(seq), ANCHORED.isFalse()).execute());
    }

    private static ActionEvent toEvent(org.jooq.Record r) {
        return new ActionEvent(r.get(ACTION_ID), r.get(SEQ), r.get(TYPE), ActionState.fromWire(r.get(STATE)).orElseThrow(),
                r.get(AT), r.get(MESSAGE), JsonColumns.readObject(r.get(DATA)));
    }

    @Override
    public List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit) {
        if (limit <= 0) return List.of();
        return tx.inTenant(tenant, "reading action events", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ACTION_ID.eq(actionId), SEQ.gt(afterSeq)).orderBy(SEQ).limit(limit)
                .fetch(PostgresActionEventStore::toEvent));
    }
}
