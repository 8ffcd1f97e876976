package io.praetor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many writers of one tenant against readers that poll the log the way an SSE feed does (after the
 * last seq they saw): seqs assigned at commit (ADR 0029) must still be contiguous, each committed
 * event there exactly once, none of a rolled-back transaction, and a reader must never be shown a
 * seq before a lower one — a gap it would skip for good, since it only ever asks for what follows.
 */
class PostgresTenantEventSeqConcurrencyTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("globex");
    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_PER_WRITER = 40;

    private final PostgresDatabase db = TestDatabase.fresh();
    private final PostgresTransactions tx = db.transactions();
    private final PostgresTenantEventStore store = new PostgresTenantEventStore(tx);

    @Test
    void concurrentWritersOfOneTenant_readersNeverSeeAGap_andEveryCommittedEventIsThereOnce() throws Exception {
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Map<String, Long> seqOfCommitted = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch go = new CountDownLatch(1);

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                await(go);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                    String txn = writer + "/" + t;
                    boolean rollBack = random.nextInt(5) == 0;
                    // two appends in one transaction, with other work between them and after
                    List<TenantEvent> first = drafts(txn, "a", 1 + random.nextInt(3));
                    List<TenantEvent> second = drafts(txn, "b", 1 + random.nextInt(2));
                    try {
                        tx.run(() -> {
                            store.appendAtCommit(TENANT, first, tx, appended -> record(appended, first, committed, seqOfCommitted, failures));
                            pause(random.nextInt(3));
                            store.appendAtCommit(TENANT, second, tx, appended -> record(appended, second, committed, seqOfCommitted, failures));
                            // a second tenant in the same transaction gets its own seqs
                            store.appendAtCommit(OTHER, drafts(txn, "o", 1), tx, appended -> {});
                            pause(random.nextInt(3));
                            if (rollBack) throw new IllegalStateException("roll back " + txn);
                        });
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().equals("roll back " + txn)) failures.add(txn + ": " + e);
                        rolledBack.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(txn + ": " + e);
                    }
                    // the eager append, holding the lock from its INSERT to its commit, interleaves with the others
                    if (random.nextInt(4) == 0) {
                        List<TenantEvent> eager = drafts(txn, "e", 1);
                        record(store.append(TENANT, eager), eager, committed, seqOfCommitted, failures);
                    }
                }
            }));
        }

        List<List<TenantEvent>> seenByReader = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            List<TenantEvent> seen = new ArrayList<>();
            seenByReader.add(seen);
            readers.add(Thread.ofPlatform().start(() -> {
                await(go);
                long last = 0;
                boolean more = true;
                while (more) {
                    more = writing.get(); // one more full read after the writers stopped
                    List<TenantEvent> page;
                    do {
                        page = store.read(TENANT, last, 1 + ThreadLocalRandom.current().nextInt(20));
                        for (TenantEvent e : page) {
                            if (e.seq() != last + 1) {
                                failures.add("a reader after seq " + last + " was shown seq " + e.seq());
                            }
                            last = e.seq();
                            seen.add(e);
                        }
                    } while (!page.isEmpty());
                }
            }));
        }

        go.countDown();
        for (Thread t : writers) t.join(Duration.ofMinutes(3));
        writing.set(false);
        for (Thread t : readers) t.join(Duration.ofMinutes(1));

        assertThat(failures).isEmpty();
        assertThat(rolledBack.get()).as("some transactions rolled back").isPositive();
        List<TenantEvent> all = store.read(TENANT, 0, 100_000);
        assertThat(all).extracting(TenantEvent::seq).as("contiguous from 1")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
        assertThat(all).extracting(e -> (String) e.data().get("id")).as("each committed event once, nothing rolled back")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(committed);
        for (TenantEvent e : all) {
            assertThat(seqOfCommitted.get((String) e.data().get("id"))).as("the seq given after commit").isEqualTo(e.seq());
        }
        for (List<TenantEvent> seen : seenByReader) {
            assertThat(seen).as("each reader saw the whole log in order").isEqualTo(all);
        }
        assertThat(store.read(OTHER, 0, 100_000)).extracting(TenantEvent::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, store.lastSeq(OTHER)).boxed().toList());
        assertThat(store.lastSeq(OTHER)).isEqualTo((long) WRITERS * TRANSACTIONS_PER_WRITER - rolledBack.get());
    }

    private static void record(List<TenantEvent> appended, List<TenantEvent> drafts, Set<String> committed,
                               Map<String, Long> seqOf, List<String> failures) {
        if (appended.size() != drafts.size()) {
            failures.add("got " + appended.size() + " events back for " + drafts.size() + " drafts");
            return;
        }
        for (int i = 0; i < appended.size(); i++) {
            TenantEvent e = appended.get(i);
            if (!e.data().equals(drafts.get(i).data())) failures.add("drafts came back out of order: " + appended);
            if (i > 0 && e.seq() != appended.get(i - 1).seq() + 1) failures.add("one append's seqs are not contiguous: " + appended);
            String id = (String) e.data().get("id");
            committed.add(id);
            seqOf.put(id, e.seq());
        }
    }

    private static List<TenantEvent> drafts(String txn, String part, int n) {
        List<TenantEvent> drafts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            drafts.add(TenantEvent.draft(TENANT, "test.event", Instant.parse("2026-01-01T00:00:00Z"),
                    Map.of("id", txn + "/" + part + i)));
        }
        return drafts;
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
