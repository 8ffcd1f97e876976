package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aLedgerLeaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.TreeHead;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link LedgerStore} must do. Subclasses return a new, empty store. */
public abstract class LedgerStoreContract {
    protected abstract LedgerStore newStore();

    private LedgerStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private static List<LedgerLeaf> leaves(TenantId tenant, long from, int count) {
        List<LedgerLeaf> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(aLedgerLeaf(tenant, from + i));
        return out;
    }

    private static void assertConflict(Runnable r) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void append_thenReadAndSize_returnTheLeavesInOrder() {
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 3));
        store.append(TENANT_A, 3, leaves(TENANT_A, 3, 2));

        assertThat(store.size(TENANT_A)).isEqualTo(5);
        assertThat(store.read(TENANT_A, 0, 10)).isEqualTo(leaves(TENANT_A, 0, 5));
    }

    @Test
    void append_withAnotherExpectedSize_isAConflictAndStoresNothing() {
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 2));

        assertConflict(() -> store.append(TENANT_A, 1, leaves(TENANT_A, 1, 1)));
        assertConflict(() -> store.append(TENANT_A, 3, leaves(TENANT_A, 3, 1)));
        assertThat(store.read(TENANT_A, 0, 10)).isEqualTo(leaves(TENANT_A, 0, 2));
    }

    @Test
    void append_withSeqsThatDoNotContinueTheLedger_isAConflictAndStoresNothing() {
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 2));
        List<LedgerLeaf> gap = List.of(aLedgerLeaf(TENANT_A, 2), aLedgerLeaf(TENANT_A, 4));

        assertConflict(() -> store.append(TENANT_A, 2, gap));
        assertConflict(() -> store.append(TENANT_A, 2, leaves(TENANT_A, 3, 1)));
        assertThat(store.size(TENANT_A)).isEqualTo(2);
    }

    @Test
    void concurrentAppendsAtTheSameSize_letExactlyOneWin() {
        List<Boolean> stored = Race.run(8, i -> () -> {
            try {
                store.append(TENANT_A, 0, leaves(TENANT_A, 0, 2));
                return true;
            } catch (PraetorException e) {
                if (e.code() != ErrorCode.CONFLICT) throw e;
                return false;
            }
        });

        assertThat(stored).containsOnlyOnce(true);
        assertThat(store.size(TENANT_A)).isEqualTo(2);
    }
    @Test
    void read_returnsTheHalfOpenRange() {
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 10));

        assertThat(store.read(TENANT_A, 3, 4)).isEqualTo(leaves(TENANT_A, 3, 4));
        assertThat(store.read(TENANT_A, 8, 5)).isEqualTo(leaves(TENANT_A, 8, 2));
        assertThat(store.read(TENANT_A, 10, 5)).isEmpty();
    }

    @Test
    void ledgers_arePerTenant() {
        store.append(TENANT_A, 0, leaves(TENANT_A, 0, 3));

        assertThat(store.size(TENANT_B)).isZero();
        assertThat(store.read(TENANT_B, 0, 10)).isEmpty();
        store.append(TENANT_B, 0, leaves(TENANT_B, 0, 1));
        assertThat(store.size(TENANT_A)).isEqualTo(3);
        assertThat(store.size(TENANT_B)).isEqualTo(1);
    }

    @Test
    void latestTreeHead_isTheHeadWithTheLargestTreeSize() {
        TreeHead five = new TreeHead(TENANT_A, 5, "a".repeat(64), T0, "jws.five");
        TreeHead three = new TreeHead(TENANT_A, 3, "b".repeat(64), T0.plusSeconds(1), "jws.three");
        TreeHead seven = new TreeHead(TENANT_A, 7, "c".repeat(64), T0.plusSeconds(2), "jws.seven");

        assertThat(store.latestTreeHead(TENANT_A)).isEmpty();
        store.putTreeHead(five);
        store.putTreeHead(three);
        assertThat(store.latestTreeHead(TENANT_A)).contains(five);
        store.putTreeHead(seven);
        assertThat(store.latestTreeHead(TENANT_A)).contains(seven);
        assertThat(store.latestTreeHead(TENANT_B)).isEmpty();
    }

    @Test
    void tenants_listsOnlyTenantsWithEntries() {
        store.append(TENANT_B, 0, leaves(TENANT_B, 0, 1));
        store.latestTreeHead(TENANT_A);
        store.size(TENANT_A);

        assertThat(store.tenants()).containsExactly(TENANT_B);
    }
}
