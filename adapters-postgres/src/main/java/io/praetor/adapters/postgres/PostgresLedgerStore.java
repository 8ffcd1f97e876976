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
import java.util.List;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The ledger in {@code ledger_entries} and {@code ledger_tree_heads}, which the application role may
 * only insert into and read (a trigger also rejects UPDATE, DELETE and TRUNCATE). The conditional
 * append checks the size under a per-tenant advisory lock; the primary key (tenant, seq) backs it.
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
        tx.inTenantAtomically(tenant, "appending to the ledger", dsl -> {
            AdvisoryLocks.lock(dsl, "ledger", tenant.value());
            long size = size(dsl, tenant);
            if (size != expectedSize) {
                throw new PraetorException(ErrorCode.CONFLICT, "ledger of " + tenant + " has " + size
                        + " entries, not " + expectedSize);
            }
            if (leaves.isEmpty()) return null;
            var insert = dsl.insertInto(T, TENANT, SEQ, AT, ACTOR, KIND, SUBJECT, PAYLOAD_SHA256, LEAF_HASH);
            for (LedgerLeaf leaf : leaves) {
                LedgerEntry e = leaf.entry();
                insert = insert.values(tenant.value(), e.seq(), e.at(), e.actor(), e.kind(), e.subject(),
                        e.payloadSha256(), leaf.leafHash());
            }
            return insert.execute();
        });
    }

    @Override
    public long size(TenantId tenant) {
        return tx.inTenant(tenant, "reading the ledger size", dsl -> size(dsl, tenant));
    }

    private static long size(org.jooq.DSLContext dsl, TenantId tenant) {
        // seqs are gap-free from 0, so the size is the highest seq + 1
        return dsl.select(DSL.coalesce(DSL.max(SEQ).plus(1L), 0L)).from(T).where(TENANT.eq(tenant.value()))
                .fetchOne(0, Long.class);
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
