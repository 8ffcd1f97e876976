package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.testkit.FindingStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryFindingStoreTest extends FindingStoreContract {
    /** More than {@link InMemoryFindingStore#PARALLEL_BATCH}: a scan's batch, grouped and indexed on every core. */
    private static final int LARGE = InMemoryFindingStore.PARALLEL_BATCH * 2 + 17;

    @Override
    protected FindingStore newStore() {
        return new InMemoryFindingStore(new InMemoryTransactions());
    }

    private static List<Finding> firstWrites() {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) {
            out.add(aFinding().withId("f-" + i).withPolicy("p" + i % 7).withResource("r-" + i / 3).build());
        }
        return out;
    }

    /** Status changes, findings moved to another resource or policy, and new ones, in one batch. */
    private static List<Finding> secondWrites() {
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < LARGE; i += 2) {
            FindingStatus status = i % 4 == 0 ? FindingStatus.RESOLVED : FindingStatus.EXEMPTED;
            String resource = i % 10 == 0 ? "moved-" + i : "r-" + i / 3;
            String policy = i % 6 == 0 ? "q" + i % 5 : "p" + i % 7;
            out.add(aFinding().withId("f-" + i).withPolicy(policy).withResource(resource).withStatus(status).build());
        }
        for (int i = 0; i < 3; i++) out.add(aFinding().withId("g-" + i).withPolicy("p-new").withResource("r-" + i).build());
        return out;
    }

    private static List<Finding> allPages(FindingStore store, FindingQuery query) {
        List<Finding> all = new ArrayList<>();
        PageRequest request = PageRequest.first(500);
        while (true) {
            var page = store.query(TENANT_A, query, request);
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) return all;
            request = new PageRequest(500, page.nextCursor());
        }
    }

    @Test
    void putAll_ofAScansSizeIndexesAsBatchesOfOneDo() {
        FindingStore large = newStore();
        FindingStore one = newStore();
        large.putAll(TENANT_A, firstWrites());
        large.putAll(TENANT_A, secondWrites());
        for (Finding f : firstWrites()) one.putAll(TENANT_A, List.of(f));
        for (Finding f : secondWrites()) one.putAll(TENANT_A, List.of(f));

        for (int i = 0; i <= LARGE; i++) {
            for (String r : List.of("r-" + i / 3, "moved-" + i)) {
                assertThat(large.forResource(TENANT_A, r)).isEqualTo(one.forResource(TENANT_A, r));
            }
        }
        for (String p : List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "q0", "q1", "q2", "q3", "q4", "p-new")) {
            assertThat(large.forPolicy(TENANT_A, p)).isEqualTo(one.forPolicy(TENANT_A, p));
        }
        assertThat(allPages(large, FindingQuery.all())).isEqualTo(allPages(one, FindingQuery.all()));
        for (FindingStatus s : FindingStatus.values()) {
            FindingQuery q = FindingQuery.all().withStatus(s);
            long matches = allPages(large, q).size();
            assertThat(large.count(TENANT_A, q)).isEqualTo(matches).isEqualTo(one.count(TENANT_A, q));
        }
    }

    @Test
    void putAll_ofAScansSize_inNoOrder_withRepeatedIds_keepsTheLastWriteLikeBatchesOfOneDo() {
        List<Finding> writes = new ArrayList<>(firstWrites());
        // each id written again later (a status change), in no particular order
        List<Finding> again = new ArrayList<>(secondWrites());
        java.util.Collections.shuffle(writes, new java.util.Random(7));
        java.util.Collections.shuffle(again, new java.util.Random(8));
        writes.addAll(again);
        FindingStore large = newStore();
        FindingStore one = newStore();

        large.putAll(TENANT_A, writes);
        for (Finding f : writes) one.putAll(TENANT_A, List.of(f));

        assertThat(allPages(large, FindingQuery.all())).isEqualTo(allPages(one, FindingQuery.all()));
        for (String p : List.of("p0", "p3", "q0", "q4", "p-new")) {
            assertThat(large.forPolicy(TENANT_A, p)).isEqualTo(one.forPolicy(TENANT_A, p));
        }
        for (int i = 0; i < LARGE; i += 5) {
            assertThat(large.forResource(TENANT_A, "r-" + i / 3)).isEqualTo(one.forResource(TENANT_A, "r-" + i / 3));
        }
        for (FindingStatus s : FindingStatus.values()) {
            FindingQuery q = FindingQuery.all().withStatus(s);
            assertThat(large.count(TENANT_A, q)).isEqualTo(one.count(TENANT_A, q)).isEqualTo(allPages(one, q).size());
        }
    }

    @Test
    void putAll_ofAScansSizeRejectsAPairConflictAndWritesNothing() {
        FindingStore store = newStore();
        store.putAll(TENANT_A, firstWrites());
        List<Finding> batch = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) batch.add(aFinding().withId("h-" + i).withPolicy("other").withResource("r-" + i).build());
        // the pair (p3, r-1) is held by f-3
        batch.add(aFinding().withId("h-conflict").withPolicy("p3").withResource("r-1").build());

        assertThatThrownBy(() -> store.putAll(TENANT_A, batch))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("exists with another id: f-3");
                });
        assertThat(store.get(TENANT_A, "h-0")).isEmpty();
        assertThat(store.count(TENANT_A, FindingQuery.all())).isEqualTo(LARGE);
        assertThat(store.forPolicy(TENANT_A, "other")).isEmpty();
    }

    @Test
    void count_byStatusFollowsWritesAndTheirUndo() {
        InMemoryTransactions transactions = new InMemoryTransactions();
        FindingStore store = new InMemoryFindingStore(transactions);
        store.putAll(TENANT_A, firstWrites());
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            store.putAll(TENANT_A, secondWrites());
            assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.OPEN))).isLessThan(LARGE);
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");

        assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.OPEN))).isEqualTo(LARGE);
        assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.RESOLVED))).isZero();
        assertThat(store.count(TENANT_A, FindingQuery.all().withStatus(FindingStatus.EXEMPTED))).isZero();
    }

    @Test
    void aScansWriteRolledBack_andWrittenAgain_isListedByPolicyOnceAndWhole() {
        InMemoryTransactions transactions = new InMemoryTransactions();
        FindingStore store = new InMemoryFindingStore(transactions);
        // the undo removes every finding: the id index is made anew without their dead slots, and the
        // second write gives each id a new slot, which the policy index must take
        assertThatThrownBy(() -> transactions.inTransaction(() -> {
            store.putAll(TENANT_A, firstWrites());
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(store.forPolicy(TENANT_A, "p0")).isEmpty();

        store.putAll(TENANT_A, firstWrites());
        store.putAll(TENANT_A, List.of(aFinding().withId("f-0").withPolicy("p0").withResource("r-0")
                .withStatus(FindingStatus.RESOLVED).build()));

        FindingStore one = newStore();
        for (Finding f : firstWrites()) one.putAll(TENANT_A, List.of(f));
        one.putAll(TENANT_A, List.of(aFinding().withId("f-0").withPolicy("p0").withResource("r-0")
                .withStatus(FindingStatus.RESOLVED).build()));
        for (int p = 0; p < 7; p++) {
            assertThat(store.forPolicy(TENANT_A, "p" + p)).isEqualTo(one.forPolicy(TENANT_A, "p" + p)).isNotEmpty();
        }
        assertThat(allPages(store, FindingQuery.all())).isEqualTo(allPages(one, FindingQuery.all()));
    }
}
