package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Actions.*;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.TransitionOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Actions in {@code actions}, with {@code fencing_token} the highest lease token any update carried.
 * A conditional update is first one UPDATE whose WHERE holds both conditions (the expected revision,
 * no higher token): the usual case, a transition nobody raced, costs one statement and reads nothing
 * back. When it changes no row, the row is locked (SELECT … FOR UPDATE) and checked as it is now —
 * the token first (a stale lease holder is told so even when its revision matches), then the
 * revision — to answer why. Listing is newest first.
 */
final class PostgresActionStore implements ActionStore {
    private final PostgresTransactions tx;

    PostgresActionStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void create(TenantId tenant, Action a) {
        // a duplicate id violates the primary key, which SqlFailures reports as CONFLICT
        tx.inTenantAtomically(tenant, "creating an action", dsl -> dsl.insertInto(T).set(row(tenant, a)).set(FENCING_TOKEN, 0L)
                .execute());
    }

    @Override
    public Optional<Action> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading an action", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresActionStore::toAction));
    }

    @Override
    public Page<Action> query(TenantId tenant, ActionQuery query, PageRequest page) {
        int offset = page.cursor().map(c -> Cursors.offset(Cursors.decode(c, "o:"))).orElse(0);
        List<Action> rows = tx.inTenant(tenant, "listing actions", dsl -> dsl.select(ALL).from(T)
                .where(conditions(tenant, query)).orderBy(CREATED_AT.desc(), ID.desc())
                .limit(page.limit() + 1).offset(offset).fetch(PostgresActionStore::toAction));
        if (rows.size() <= page.limit()) return Page.last(rows);
        return new Page<>(rows.subList(0, page.limit()), Optional.of(Cursors.encode("o:" + (offset + page.limit()))));
    }

    @Override
    public long count(TenantId tenant, ActionQuery query) {
        return tx.inTenant(tenant, "counting actions", dsl -> (long) dsl.fetchCount(T, conditions(tenant, query)));
    }

    private static Condition conditions(TenantId tenant, ActionQuery q) {
        List<Condition> all = new ArrayList<>();
        all.add(TENANT.eq(tenant.value()));
        q.state().ifPresent(s -> all.add(STATE.eq(s.wireName())));
        q.resourceId().ifPresent(r -> all.add(RESOURCE_ID.eq(r)));
        q.policyId().ifPresent(p -> all.add(POLICY_ID.eq(p)));
        return DSL.and(all);
    }

    @Override
    public TransitionOutcome update(TenantId tenant, Action updated, long expectedRevision, long fencingToken) {
        return tx.inTenant(tenant, "updating an action", dsl -> {
            // the row lock the UPDATE takes makes this as atomic as the locked read below; with the
            // token no higher than ours, ours is the highest
            int applied = dsl.update(T).set(row(tenant, updated)).set(FENCING_TOKEN, fencingToken)
                    .where(TENANT.eq(tenant.value()), ID.eq(updated.id()), REVISION.eq(expectedRevision),
                            FENCING_TOKEN.le(fencingToken))
                    .execute();
            if (applied == 1) return new TransitionOutcome.Applied(updated);
            Record current = dsl.select(ALL).from(T).where(TENANT.eq(tenant.value()), ID.eq(updated.id()))
                    .forUpdate().fetchOne();
            if (current == null) return new TransitionOutcome.Missing();
            long highest = current.get(FENCING_TOKEN);
            if (fencingToken < highest) return new TransitionOutcome.FencedOut(highest);
            if (current.get(REVISION) != expectedRevision) {
                return new TransitionOutcome.RevisionConflict(toAction(current));
            }
            dsl.update(T).set(row(tenant, updated)).set(FENCING_TOKEN, Math.max(highest, fencingToken))
                    .where(TENANT.eq(tenant.value()), ID.eq(updated.id())).execute();
            return new TransitionOutcome.Applied(updated);
        });
    }

    private static java.util.Map<org.jooq.Field<?>, Object> row(TenantId tenant, Action a) {
        java.util.Map<org.jooq.Field<?>, Object> m = new java.util.LinkedHashMap<>();
        m.put(TENANT, tenant.value());
        m.put(ID, a.id());
        m.put(STATE, a.state().wireName());
        m.put(HANDLER, a.handler());
        m.put(RESOURCE_ID, a.resourceId());
        m.put(RESOURCE_KEY, a.resourceKey());
        m.put(FINDING_ID, a.findingId().orElse(null));
        m.put(POLICY_ID, a.policyId().orElse(null));
        m.put(REQUESTED_BY, a.requestedBy());
        m.put(DRY_RUN, a.dryRun());
        m.put(REASON, a.reason());
        m.put(PARAMS, JsonColumns.write(a.params()));
        m.put(APPROVALS, JsonColumns.write(ActionDocuments.approvalsTree(a.approvals())));
        m.put(PLAN, a.plan().map(p -> JsonColumns.write(ActionDocuments.planTree(p))).orElse(null));
        m.put(RESULT, a.result().map(r -> JsonColumns.write(ActionDocuments.resultTree(r))).orElse(null));
        m.put(EVIDENCE, JsonColumns.write(ActionDocuments.evidenceTree(a.evidence())));
        m.put(CREATED_AT, a.createdAt());
        m.put(UPDATED_AT, a.updatedAt());
        m.put(REVISION, a.revision());
        m.put(LAST_SEQ, a.lastSeq());
        m.put(ATTEMPTS, a.attempts());
        return m;
    }

    private static Action toAction(Record r) {
        return new Action(r.get(ID), ActionState.fromWire(r.get(STATE)).orElseThrow(), r.get(HANDLER),
                r.get(RESOURCE_ID), r.get(RESOURCE_KEY), Optional.ofNullable(r.get(FINDING_ID)),
                Optional.ofNullable(r.get(POLICY_ID)), r.get(REQUESTED_BY), r.get(DRY_RUN), r.get(REASON),
                JsonColumns.readObject(r.get(PARAMS)), ActionDocuments.approvalsOf(JsonColumns.readList(r.get(APPROVALS))),
                Optional.ofNullable(r.get(PLAN)).map(j -> ActionDocuments.planOf(JsonColumns.readObject(j))),
                Optional.ofNullable(r.get(RESULT)).map(j -> ActionDocuments.resultOf(JsonColumns.readObject(j))),
                ActionDocuments.evidenceOf(JsonColumns.readList(r.get(EVIDENCE))), r.get(CREATED_AT), r.get(UPDATED_AT),
                r.get(REVISION), r.get(LAST_SEQ), r.get(ATTEMPTS));
    }
}
