package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aTenantEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TenantEventStore} must do. Subclasses return a new, empty store. */
public abstract class TenantEventStoreContract {
    protected abstract TenantEventStore newStore();

    private TenantEventStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    private static String describe(TenantEvent e) {
        return e.tenant().value() + "#" + e.seq();
    }

    @Test
    void append_assignsContiguousSeqsFromOneAndKeepsTheDraftsContent() {
        TenantEvent draft = TenantEvent.draft(TENANT_A, "finding.opened", T0, Map.of("finding_id", "f-1"));

        List<TenantEvent> first = store.append(TENANT_A, List.of(draft, aTenantEvent(TENANT_A, "finding.resolved")));
        List<TenantEvent> second = store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "resource.changed")));

        assertThat(first).extracting(TenantEvent::seq).containsExactly(1L, 2L);
        assertThat(second).extracting(TenantEvent::seq).containsExactly(3L);
        assertThat(first.get(0)).isEqualTo(new TenantEvent(TENANT_A, 1, "finding.opened", T0,
                Map.of("finding_id", "f-1")));
        assertThat(store.lastSeq(TENANT_A)).isEqualTo(3);
    }

    @Test
    void seqs_arePerTenant() {
        store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "x"), aTenantEvent(TENANT_A, "y")));

        List<TenantEvent> b = store.append(TENANT_B, List.of(aTenantEvent(TENANT_B, "x")));

        assertThat(b).extracting(TenantEvent::seq).containsExactly(1L);
        assertThat(store.lastSeq(TENANT_B)).isEqualTo(1);
        assertThat(store.read(TENANT_B, 0, 10)).extracting(TenantEvent::type).containsExactly("x");
    }

    @Test
    void lastSeq_isZeroForAnEmptyLog() {
        assertThat(store.lastSeq(TENANT_A)).isZero();
        assertThat(store.read(TENANT_A, 0, 10)).isEmpty();
    }

    @Test
    void read_returnsEventsAfterTheSeqInOrderUpToTheLimit() {
        for (int i = 0; i < 10; i++) store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "e" + i)));

        assertThat(store.read(TENANT_A, 2, 3)).extracting(TenantEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(store.read(TENANT_A, 8, 5)).extracting(TenantEvent::seq).containsExactly(9L, 10L);
        assertThat(store.read(TENANT_A, 10, 5)).isEmpty();
    }

    @Test
    void concurrentAppends_stillGetContiguousDistinctSeqs() throws Exception {
        List<CompletableFuture<List<TenantEvent>>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            writers.add(CompletableFuture.supplyAsync(() -> {
                List<TenantEvent> mine = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    mine.addAll(store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "e"), aTenantEvent(TENANT_A, "e"))));
                }
                return mine;
            }));
        }
        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<List<TenantEvent>> w : writers) {
            w.get(10, TimeUnit.SECONDS).forEach(e -> seqs.add(e.seq()));
        }

        assertThat(seqs).doesNotHaveDuplicates().hasSize(400);
        assertThat(store.lastSeq(TENANT_A)).isEqualTo(400);
        assertThat(store.read(TENANT_A, 0, 500)).extracting(TenantEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 400).boxed().toList());
    }

    @Test
    void unpublished_returnsEveryTenantsEventsUntilMarkedPublished() {
        store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "x"), aTenantEvent(TENANT_A, "y")));
        store.append(TENANT_B, List.of(aTenantEvent(TENANT_B, "z")));

        assertThat(store.unpublished(10)).extracting(TenantEventStoreContract::describe)
                .containsExactlyInAnyOrder("tenant-a#1", "tenant-a#2", "tenant-b#1");

        store.markPublished(TENANT_A, List.of(1L));
        assertThat(store.unpublished(10)).extracting(TenantEventStoreContract::describe)
                .containsExactlyInAnyOrder("tenant-a#2", "tenant-b#1");

        store.markPublished(TENANT_B, List.of(1L));
        store.markPublished(TENANT_A, List.of(2L));
        assertThat(store.unpublished(10)).isEmpty();
        assertThat(store.read(TENANT_A, 0, 10)).hasSize(2);
    }

    @Test
    void markPublished_marksExactlyTheNamedSeqs_inAnyOrder_withGapsRepeatsAndOnesAlreadyMarked() {
        List<TenantEvent> drafts = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) drafts.add(aTenantEvent(TENANT_A, "e" + i));
        store.append(TENANT_A, drafts);

        store.markPublished(TENANT_A, List.of(2L));
        store.markPublished(TENANT_A, List.of(7L, 2L, 1L, 3L, 7L, 9L));

        assertThat(store.unpublished(20)).extracting(TenantEventStoreContract::describe)
                .containsExactlyInAnyOrder("tenant-a#4", "tenant-a#5", "tenant-a#6", "tenant-a#8");
    }

    @Test
    void markPublished_onlyMarksTheNamedTenant() {
        store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "x")));
        store.append(TENANT_B, List.of(aTenantEvent(TENANT_B, "x")));

        store.markPublished(TENANT_B, List.of(1L));

        assertThat(store.unpublished(10)).extracting(TenantEventStoreContract::describe).containsExactly("tenant-a#1");
    }

    @Test
    void unpublished_returnsTheOldestFirstUpToTheLimit() {
        store.append(TENANT_A, List.of(TenantEvent.draft(TENANT_A, "late", T0.plusSeconds(30), Map.of())));
        store.append(TENANT_B, List.of(TenantEvent.draft(TENANT_B, "early", T0.plusSeconds(10), Map.of()),
                TenantEvent.draft(TENANT_B, "middle", T0.plusSeconds(20), Map.of())));

        assertThat(store.unpublished(2)).extracting(TenantEvent::type).containsExactly("early", "middle");
    }

    /**
     * A large append whose list makes each draft as it is read (the port lets a store keep the list), among
     * small appends: each event is read back once, in order, with its content.
     */
    @Test
    void aLargeAppendOfDraftsMadeAsRead_amongSmallOnes_readsBackEachEventOnceInOrder() {
        store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "before")));
        List<TenantEvent> made = new java.util.AbstractList<>() {
            @Override
            public TenantEvent get(int index) {
                return TenantEvent.draft(TENANT_A, "made", T0, Map.of("n", "made-" + index));
            }

            @Override
            public int size() {
                return 3000;
            }
        };
        List<TenantEvent> appended = store.append(TENANT_A, made);
        store.append(TENANT_A, List.of(aTenantEvent(TENANT_A, "after-1"), aTenantEvent(TENANT_A, "after-2")));

        assertThat(appended).hasSize(3000);
        assertThat(appended.get(2999)).isEqualTo(new TenantEvent(TENANT_A, 3001, "made", T0, Map.of("n", "made-2999")));
        assertThat(store.lastSeq(TENANT_A)).isEqualTo(3003);
        List<TenantEvent> all = store.read(TENANT_A, 0, 5000);
        assertThat(all).extracting(TenantEvent::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 3003).boxed().toList());
        assertThat(all.get(0).type()).isEqualTo("before");
        assertThat(all.get(1).data()).isEqualTo(Map.of("n", "made-0"));
        assertThat(all.get(1500).data()).isEqualTo(Map.of("n", "made-1499"));
        assertThat(all.subList(3001, 3003)).extracting(TenantEvent::type).containsExactly("after-1", "after-2");
        assertThat(store.read(TENANT_A, 2999, 3)).extracting(TenantEvent::type).containsExactly("made", "made", "after-1");
        assertThat(store.unpublished(5000)).hasSize(3003);
    }
}
