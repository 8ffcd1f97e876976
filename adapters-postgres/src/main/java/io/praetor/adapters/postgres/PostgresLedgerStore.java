package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.LedgerEntries.*;

import io.praetor.adapters.postgres.Tables.TreeHeads;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.TreeHead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row8;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The ledger in {@code ledger_entries} and {@code ledger_tree_heads}, which the application role may
 * only insert into and read (a trigger also rejects UPDATE, DELETE and TRUNCATE). The conditional
 * append is one INSERT under a per-tenant advisory lock, conditional on the leaf before being there
 * and the next seq not (ADR 0028): no max(seq), so its cost does not grow with the log.
 */
final class PostgresLedgerStore implements LedgerStore {
    private final PostgresTransactions tx;

    PostgresLedgerStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).entry().seq() != expectedSize + i) {
                throw new PraetorException(ErrorCode.CONFLICT, "ledger leaf seq " + leaves.get(i).entry().seq()
                        + " does not continue from " + (expectedSize + i));
            }
        }
        // Writers of one tenant's ledger queue on an advisory lock, taken with the tenant setting in
        // one statement and held to the end of the transaction, so each statement after it sees every
        // earlier append committed (LedgerService retries in the same transaction, still holding it).
        // The size check needs no max(seq): seq expectedSize - 1 must be there (as nothing is ever
        // deleted, every seq below it is too) and seq expectedSize must not. A mismatch writes nothing
        // and raises no SQL error, so a caller's transaction stays usable; the primary key (tenant,
        // seq) remains the backstop against any writer that would not take the lock.
        tx.inTenant(tenant, "appending to the ledger", Optional.of(AdvisoryLocks.lockField("ledger", tenant.value())), dsl -> {
            Condition atSize = (expectedSize == 0 ? DSL.noCondition()
                    : DSL.exists(DSL.selectOne().from(T).where(TENANT.eq(tenant.value()), SEQ.eq(expectedSize - 1))))
                    .and(DSL.notExists(DSL.selectOne().from(T).where(TENANT.eq(tenant.value()), SEQ.eq(expectedSize))));
            if (leaves.isEmpty()) {
                if (!dsl.fetchValue(DSL.select(DSL.field(atSize)))) throw conflict(tenant, expectedSize);
                return null;
            }
            List<Row8<String, Long, Instant, String, String, String, String, String>> rows = new ArrayList<>(leaves.size());
            for (LedgerLeaf leaf : leaves) {
                LedgerEntry e = leaf.entry();
                rows.add(DSL.row(DSL.val(tenant.value(), TENANT), DSL.val(e.seq(), SEQ), DSL.val(e.at(), AT),
                        DSL.val(e.actor(), ACTOR), DSL.val(e.kind(), KIND), DSL.val(e.subject(), SUBJECT),
                        DSL.val(e.payloadSha256(), PAYLOAD_SHA256), DSL.val(leaf.leafHash(), LEAF_HASH)));
            }
            Table<?> values = DSL.values(rows.toArray(Row8[]::new)).as("v", ALL.stream().map(Field::getName)
                    .toArray(String[]::new));
            int inserted = dsl.insertInto(T).columns(ALL).select(DSL.select(DSL.asterisk()).from(values).where(atSize))
                    .execute();
            if (inserted != leaves.size()) throw conflict(tenant, expectedSize);
            return null;
        });
    }

    private static PraetorException conflict(TenantId tenant, long expectedSize) {
        return new PraetorException(ErrorCode.CONFLICT, "ledger of " + tenant + " does not have exactly "
                + expectedSize + " entries");
    }

    @Override
    public long size(TenantId tenant) {
        return tx.inTenant(tenant, "reading the ledger size", dsl -> size(dsl, tenant));
    }

    private static long size(org.jooq.DSLContext dsl, TenantId tenant) {
        // seqs are gap-free from 0, so the size is the highest seq + 1: one backward probe of the
        // primary key in ledger_size (V3_28), not a max(seq) the planner may turn into a full read
        return dsl.select(DSL.function("ledger_size", Long.class, DSL.val(tenant.value()))).fetchOne(0, Long.class);
    }

    @Override
    public List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
        if (limit <= 0 || from < 0) return List.of();
        return tx.inTenant(tenant, "reading the ledger", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), SEQ.ge(from), SEQ.lt(from + limit)).orderBy(SEQ)
                .fetch(PostgresLedgerStore::toLeaf));
    }

    @Override
    public void putTreeHead(TreeHead head) {
        tx.inTenant(head.tenant(), "storing a tree head", dsl -> dsl.insertInto(TreeHeads.T,
                        TreeHeads.TENANT, TreeHeads.TREE_SIZE, TreeHeads.ROOT_HASH, TreeHeads.SIGNED_AT, TreeHeads.JWS)
                .values(head.tenant().value(), head.treeSize(), head.rootHash(), head.timestamp(), head.jws())
                .onConflictDoNothing().execute());
    }

    @Override
    public Optional<TreeHead> latestTreeHead(TenantId tenant) {
        return tx.inTenant(tenant, "reading the latest tree head", dsl -> dsl.select(TreeHeads.ALL).from(TreeHeads.T)
                .where(TreeHeads.TENANT.eq(tenant.value())).orderBy(TreeHeads.TREE_SIZE.desc()).limit(1)
                .fetchOptional(r -> new TreeHead(tenant, r.get(TreeHeads.TREE_SIZE), r.get(TreeHeads.ROOT_HASH),
                        r.get(TreeHeads.SIGNED_AT), r.get(TreeHeads.JWS))));
    }

    @Override
    public List<TenantId> tenants() {
        return tx.acrossTenants("listing ledger tenants", dsl -> dsl.selectDistinct(TENANT).from(T)
                .orderBy(TENANT).fetch(r -> TenantId.of(r.get(TENANT))));
    }

    private static LedgerLeaf toLeaf(Record r) {
        return new LedgerLeaf(new LedgerEntry(r.get(SEQ), r.get(AT), TenantId.of(r.get(TENANT)), r.get(ACTOR),
                r.get(KIND), r.get(SUBJECT), r.get(PAYLOAD_SHA256)), r.get(LEAF_HASH));
    }
}
