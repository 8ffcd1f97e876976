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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The ledger in {@code ledger_entries} and {@code ledger_tree_heads}, which the application role may
 * only insert into and read (a trigger also rejects UPDATE, DELETE and TRUNCATE). The conditional
 * append is one INSERT under a per-tenant advisory lock, conditional on the leaf before being there
 * and the next seq not (ADR 0028): no max(seq), so its cost does not grow with the log.
 */
final class PostgresLedgerStore implements LedgerStore {
    /**
     * Sets the tenant and takes its ledger lock (the key {@link AdvisoryLocks} gives "ledger"), then
     * inserts the arrays' rows from seq {@code expectedSize} on if the log has exactly that size.
     */
    private static final String LOCK_THEN_INSERT = """
            SELECT set_config('app.tenant_id', ?, true), pg_advisory_xact_lock(hashtextextended(?, 0));
            INSERT INTO ledger_entries (tenant_id, seq, at, actor, kind, subject, payload_sha256, leaf_hash)
            SELECT ?, ?::bigint + e.ord - 1, e.at::timestamptz, e.actor, e.kind, e.subject, e.payload, e.leaf
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS e(at, actor, kind, subject, payload, leaf, ord)
            WHERE (?::bigint = 0 OR EXISTS (SELECT 1 FROM ledger_entries WHERE tenant_id = ? AND seq = ?::bigint - 1))
              AND NOT EXISTS (SELECT 1 FROM ledger_entries WHERE tenant_id = ? AND seq = ?::bigint)""";

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
        if (leaves.isEmpty()) {
            emptyAppend(tenant, expectedSize);
            return;
        }
        String[] at = new String[leaves.size()];
        String[] actor = new String[leaves.size()];
        String[] kind = new String[leaves.size()];
        String[] subject = new String[leaves.size()];
        String[] payload = new String[leaves.size()];
        String[] leafHash = new String[leaves.size()];
        for (int i = 0; i < leaves.size(); i++) {
            LedgerEntry e = leaves.get(i).entry();
            at[i] = e.at().toString();
            actor[i] = e.actor();
            kind[i] = e.kind();
            subject[i] = e.subject();
            payload[i] = e.payloadSha256();
            leafHash[i] = leaves.get(i).leafHash();
        }
        // Writers of one tenant's ledger queue on an advisory lock held to the end of the transaction,
        // so each statement after it sees every earlier append committed (LedgerService retries in the
        // same transaction, still holding it). The tenant setting and the lock are one statement and
        // the INSERT a second, sent in the same round trip (the INSERT's snapshot is taken once the lock
        // is held); with the COMMIT an append is two round trips whatever its size, and one statement
        // text (arrays, not a VALUES list per size) so the server plans it once per connection.
        // The size check needs no max(seq): seq expectedSize - 1 must be there (as nothing is ever
        // deleted, every seq below it is too) and seq expectedSize must not. A mismatch writes nothing
        // and raises no SQL error, so a caller's transaction stays usable; the primary key (tenant,
        // seq) remains the backstop against any writer that would not take the lock.
        int inserted = tx.inTenantSettingItself(tenant, "appending to the ledger", c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCK_THEN_INSERT)) {
                int p = 1;
                ps.setString(p++, tenant.value());
                ps.setString(p++, "ledger:" + tenant.value());
                ps.setString(p++, tenant.value());
                ps.setLong(p++, expectedSize);
                for (String[] column : List.of(at, actor, kind, subject, payload, leafHash)) {
                    ps.setArray(p++, c.createArrayOf("text", column));
                }
                ps.setLong(p++, expectedSize);
                ps.setString(p++, tenant.value());
                ps.setLong(p++, expectedSize);
                ps.setString(p++, tenant.value());
                ps.setLong(p, expectedSize);
                ps.execute();
                if (ps.getMoreResults()) throw new SQLException("the ledger INSERT returned rows");
                return ps.getUpdateCount();
            }
        });
        if (inserted != leaves.size()) throw conflict(tenant, expectedSize);
    }

    /** An empty append only checks the size, under the lock like any append. */
    private void emptyAppend(TenantId tenant, long expectedSize) {
        tx.inTenant(tenant, "appending to the ledger", Optional.of(AdvisoryLocks.lockField("ledger", tenant.value())), dsl -> {
            Condition atSize = (expectedSize == 0 ? DSL.noCondition()
                    : DSL.exists(DSL.selectOne().from(T).where(TENANT.eq(tenant.value()), SEQ.eq(expectedSize - 1))))
                    .and(DSL.notExists(DSL.selectOne().from(T).where(TENANT.eq(tenant.value()), SEQ.eq(expectedSize))));
            if (!dsl.fetchValue(DSL.select(DSL.field(atSize)))) throw conflict(tenant, expectedSize);
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
