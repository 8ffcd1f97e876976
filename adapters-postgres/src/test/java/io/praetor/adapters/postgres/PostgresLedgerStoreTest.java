package io.praetor.adapters.postgres;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aLedgerLeaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.testkit.LedgerStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        return new PostgresLedgerStore(TestDatabase.fresh().transactions());
    }

    private static List<LedgerLeaf> leaves(TenantId tenant, long from, int count) {
        List<LedgerLeaf> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(aLedgerLeaf(tenant, from + i));
        return out;
    }

    /** A group-committed batch (ADR 0035) is one INSERT: a row PostgreSQL refuses stores none of it. */
    @Test
    void aBatchWithOneRowTheDatabaseRefuses_storesNoneOfIt_andTheLogGoesOnAtTheSameSize() {
        PostgresDatabase db = TestDatabase.fresh();
        LedgerStore store = new PostgresLedgerStore(db.transactions());
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 2));
        List<LedgerLeaf> batch = new ArrayList<>(leaves(TENANT_A, 2, 5));
        LedgerEntry e = batch.get(3).entry();
        // text may not hold NUL: the server rejects the fourth row of the batch
        batch.set(3, new LedgerLeaf(new LedgerEntry(e.seq(), e.at(), e.tenant(), e.actor(), e.kind(), "bad\u0000subject",
                e.payloadSha256()), batch.get(3).leafHash()));

        assertThatThrownBy(() -> store.append(TENANT_A, 2, batch)).isInstanceOf(PraetorException.class);
        assertThat(store.size(TENANT_A)).isEqualTo(2);

        store.append(TENANT_A, 2, leaves(TENANT_A, 2, 5));
        assertThat(store.read(TENANT_A, 0, 100)).isEqualTo(leaves(TENANT_A, 0, 7));
    }

    /** The append sets the tenant itself; row-level security still confines it to that tenant. */
    @Test
    void append_setsItsTenant_soAnotherTenantsReadsInTheSameTransactionSeeOnlyTheirOwn() {
        PostgresDatabase db = TestDatabase.fresh();
        LedgerStore store = new PostgresLedgerStore(db.transactions());
        store.append(TENANT_B, 0, leaves(TENANT_B, 0, 1));
        db.transactions().run(() -> {
            store.append(TENANT_A, 0, leaves(TENANT_A, 0, 3));
            assertThat(store.read(TENANT_B, 0, 10)).isEqualTo(leaves(TENANT_B, 0, 1));
            assertThat(store.read(TENANT_A, 0, 10)).isEqualTo(leaves(TENANT_A, 0, 3));
        });
        assertThat(store.size(TENANT_A)).isEqualTo(3);
    }

    /** A group commit has no size cap: the batch is bound as arrays, not 8 values a row (32,767 at most). */
    @Test
    void aBatchOfTenThousandLeaves_isOneAppend() {
        LedgerStore store = new PostgresLedgerStore(TestDatabase.fresh().transactions());
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 10_000));
        assertThat(store.size(TENANT_A)).isEqualTo(10_000);
        assertThat(store.read(TENANT_A, 9_998, 10)).isEqualTo(leaves(TENANT_A, 9_998, 2));
    }
}
