package io.praetor.domain.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.TreeHead;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LedgerServiceTest {
    private static final TenantId T1 = TenantId.of("t1");
    private static final TenantId T2 = TenantId.of("t2");
    private static final String P = "a".repeat(64);

    private final SettableClock clock = TestDoubles.clockAt("2026-11-25T10:00:00.123456Z");
    private final TestDoubles.CountingSigner signer = new TestDoubles.CountingSigner();
    private final TestDoubles.Ledger store = new TestDoubles.Ledger(TestDoubles.adapters(clock, signer).ledger());
    private final LedgerService ledger = new LedgerService(store, TestDoubles.PASS_THROUGH, signer, clock);

    private static NewEntry entry(String subject) {
        return new NewEntry("alice", LedgerKind.POLICY_PUT, subject, P);
    }

    @Test
    void append_storesEntriesWithContiguousSeqsMillisecondTimeAndTheRfcLeafHash() throws Exception {
        LedgerEntry first = ledger.append(T1, "alice", LedgerKind.POLICY_PUT, "p1", P);
        LedgerEntry second = ledger.append(T1, "bob", LedgerKind.POLICY_DELETE, "p1", P);

        assertThat(first.seq()).isZero();
        assertThat(second.seq()).isEqualTo(1);
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
        String canonical = "{\"actor\":\"alice\",\"at\":\"2026-11-25T10:00:00.123Z\",\"kind\":\"policy.put\","
                + "\"payload_sha256\":\"" + P + "\",\"seq\":0,\"subject\":\"p1\",\"tenant\":\"t1\"}";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        String expectedLeaf = HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        List<LedgerLeaf> stored = store.read(T1, 0, 10);
        assertThat(stored).hasSize(2);
        assertThat(stored.getFirst().entry()).isEqualTo(first);
        assertThat(stored.getFirst().leafHash()).isEqualTo(expectedLeaf);
    }

    @Test
    void appendAll_writesABatchInOneStoreCall() {
        List<LedgerEntry> written = ledger.appendAll(T1, IntStream.range(0, 100).mapToObj(i -> entry("p" + i)).toList());

        assertThat(written).extracting(LedgerEntry::seq).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> (long) i).toList());
        assertThat(store.appendCalls.get()).isEqualTo(1);
        assertThat(store.size(T1)).isEqualTo(100);
    }

    @Test
    void tenants_haveSeparateLogs() {
        ledger.append(T1, entry("a"));
        LedgerEntry other = ledger.append(T2, entry("b"));

        assertThat(other.seq()).isZero();
        assertThat(other.tenant()).isEqualTo(T2);
        assertThat(ledger.size(T1)).isEqualTo(1);
    }

    @Test
    void append_onALoadedLog_writesWithoutReadingTheStoreFirst() {
        ledger.append(T1, entry("a"));
        int sizes = store.sizeCalls.get();
        int reads = store.readCalls.get();

        for (int i = 0; i < 5; i++) ledger.append(T1, entry("n" + i));

        assertThat(store.appendCalls.get()).isEqualTo(6);
        assertThat(store.sizeCalls.get()).isEqualTo(sizes);
        assertThat(store.readCalls.get()).isEqualTo(reads);
        assertThat(ledger.verify(T1).ok()).isTrue();
    }

    @Test
    void append_afterAConflict_catchesUpAndRetriesInTheSameTransaction() {
        // Transactions that count what they open and say whether one is open
        int[] opened = {0};
        boolean[] open = {false};
        io.praetor.ports.Transactions counting = new io.praetor.ports.Transactions() {
            @Override
            public <T> T inTransaction(java.util.function.Supplier<T> work) {
                if (open[0]) return work.get();
                opened[0]++;
                open[0] = true;
                try {
                    return work.get();
                } finally {
                    open[0] = false;
                }
            }

            @Override
            public void afterCommit(Runnable action) {
                action.run();
            }
        };
        List<String> outside = new ArrayList<>();
        TestDoubles.Ledger watched = new TestDoubles.Ledger(store) {
            @Override
            public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
                if (!open[0]) outside.add("append");
                super.append(tenant, expectedSize, leaves);
            }

            @Override
            public synchronized List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
                if (!open[0]) outside.add("read");
                return super.read(tenant, from, limit);
            }
        };
        LedgerService mine = new LedgerService(watched, counting, signer, clock);
        LedgerService otherInstance = new LedgerService(store, TestDoubles.PASS_THROUGH, signer, clock);
        mine.append(T1, entry("a"));
        otherInstance.append(T1, entry("b"));
        otherInstance.append(T1, entry("c"));
        int before = opened[0];
        outside.clear();
        int appendsBefore = store.appendCalls.get();

        LedgerEntry next = mine.append(T1, entry("d")); // conflicts at 1, catches up, writes at 3

        assertThat(next.seq()).isEqualTo(3);
        assertThat(opened[0] - before).isEqualTo(1);
        assertThat(outside).isEmpty();
        assertThat(store.appendCalls.get() - appendsBefore).isEqualTo(1); // the failed attempt is not counted
        assertThat(mine.verify(T1).ok()).isTrue();
    }

    @Test
    void append_afterAnotherInstanceAppended_reloadsAndContinues() {
        LedgerService otherInstance = new LedgerService(store, TestDoubles.PASS_THROUGH, signer, clock);
        ledger.append(T1, entry("a"));
        otherInstance.append(T1, entry("b"));
        otherInstance.append(T1, entry("c"));

        LedgerEntry next = ledger.append(T1, entry("d"));

        assertThat(next.seq()).isEqualTo(3);
        assertThat(ledger.rootHash(T1, 4)).isEqualTo(otherInstance.rootHash(T1, 4));
        assertThat(ledger.verify(T1).ok()).isTrue();
    }

    @Test
    void append_whenTheStoreFails_failsAndLeavesTheLogUsable() {
        TestDoubles.Ledger failing = new TestDoubles.Ledger(TestDoubles.adapters(clock, signer).ledger()) {
            boolean fail = true;

            @Override
            public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
                if (fail) {
                    fail = false;
                    throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "down");
                }
                super.append(tenant, expectedSize, leaves);
            }
        };
        LedgerService service = new LedgerService(failing, TestDoubles.PASS_THROUGH, signer, clock);

        assertThatThrownBy(() -> service.append(T1, entry("a")))
                .isInstanceOf(PraetorException.class).hasMessage("down");
        assertThat(service.append(T1, entry("b")).seq()).isZero();
        assertThat(service.verify(T1).ok()).isTrue();
    }

    @Test
    void signHead_signsTheCurrentRootAsEs256JwsWithTheKeyThumbprint() throws Exception {
        ledger.appendAll(T1, List.of(entry("a"), entry("b"), entry("c")));
        clock.advance(Duration.ofMillis(5));

        TreeHead head = ledger.signHead(T1);

        JWSObject jws = JWSObject.parse(head.jws());
        ECKey key = ECKey.parse(new LinkedHashMap<String, Object>(signer.publicJwk()));
        assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jws.getHeader().getKeyID()).isEqualTo(key.computeThumbprint().toString());
        Map<String, Object> payload = JsonTreeReader.readObject(jws.getPayload().toBytes());
        assertThat(payload).containsOnlyKeys("tenant", "tree_size", "root_hash", "timestamp")
                .containsEntry("tenant", "t1")
                .containsEntry("tree_size", 3L)
                .containsEntry("root_hash", ledger.rootHash(T1, 3))
                .containsEntry("timestamp", "2026-11-25T10:00:00.128Z");
        assertThat(head.treeSize()).isEqualTo(3);
        assertThat(store.latestTreeHead(T1)).contains(head);
    }

    @Test
    void signPendingHeads_signsOnlyTenantsThatAppendedSinceTheirLastHead() {
        ledger.append(T1, entry("a"));
        ledger.append(T2, entry("b"));

        ledger.signPendingHeads();
        int afterFirst = signer.signatures.get();
        ledger.signPendingHeads();
        ledger.append(T1, entry("c"));
        ledger.signPendingHeads();

        assertThat(afterFirst).isEqualTo(2);
        assertThat(signer.signatures.get()).isEqualTo(3);
        assertThat(store.latestTreeHead(T1).orElseThrow().treeSize()).isEqualTo(2);
        assertThat(store.latestTreeHead(T2).orElseThrow().treeSize()).isEqualTo(1);
    }

    @Test
    void signPendingHeads_doesNotResignWhatAnEarlierRunSigned_norEmptyLogs() {
        ledger.appendAll(T1, List.of(entry("a"), entry("b")));
        ledger.signHead(T1);
        int before = signer.signatures.get();
        LedgerService restarted = new LedgerService(store, TestDoubles.PASS_THROUGH, signer, clock);

        restarted.size(T1);
        restarted.size(T2);
        restarted.signPendingHeads();

        assertThat(signer.signatures.get()).isEqualTo(before);
        restarted.append(T1, entry("c"));
        restarted.signPendingHeads();
        assertThat(store.latestTreeHead(T1).orElseThrow().treeSize()).isEqualTo(3);
        assertThat(store.latestTreeHead(T2)).isEmpty();
    }

    @Test
    void close_signsWhatTheBackgroundSignerHasNotYet() {
        ledger.start();
        ledger.appendAll(T1, List.of(entry("a"), entry("b")));

        ledger.close();

        assertThat(store.latestTreeHead(T1).orElseThrow().treeSize()).isEqualTo(2);
    }

    @Test
    void inclusionAndConsistencyProofs_verifyAgainstSignedHeads() {
        ledger.appendAll(T1, IntStream.range(0, 13).mapToObj(i -> entry("s" + i)).toList());
        TreeHead small = ledger.signHead(T1);
        ledger.appendAll(T1, IntStream.range(0, 20).mapToObj(i -> entry("u" + i)).toList());
        TreeHead large = ledger.signHead(T1);

        for (long seq = 0; seq < 33; seq++) {
            InclusionProof proof = ledger.inclusionProof(T1, seq, large.treeSize());
            assertThat(proof.rootHash()).isEqualTo(large.rootHash());
            assertThat(proof.leafHash()).isEqualTo(store.read(T1, seq, 1).getFirst().leafHash());
            assertThat(proof.verify()).as("seq %d", seq).isTrue();
        }
        ConsistencyProof consistency = ledger.consistencyProof(T1, small.treeSize(), large.treeSize());
        assertThat(consistency.fromRoot()).isEqualTo(small.rootHash());
        assertThat(consistency.toRoot()).isEqualTo(large.rootHash());
        assertThat(consistency.verify()).isTrue();
        assertThatThrownBy(() -> ledger.inclusionProof(T1, 33, 33)).isInstanceOf(PraetorException.class);
        assertThatThrownBy(() -> ledger.consistencyProof(T1, 3, 34)).isInstanceOf(PraetorException.class);
    }

    @Test
    void verify_acceptsAnIntactLog() {
        ledger.appendAll(T1, IntStream.range(0, 50).mapToObj(i -> entry("s" + i)).toList());
        TreeHead head = ledger.signHead(T1);

        LedgerVerification v = ledger.verify(T1);

        assertThat(v.ok()).isTrue();
        assertThat(v.size()).isEqualTo(50);
        assertThat(v.rootHash()).isEqualTo(head.rootHash());
        assertThat(v.firstBadSeq()).isEmpty();
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void verify_namesTheFirstChangedEntry() {
        ledger.appendAll(T1, IntStream.range(0, 50).mapToObj(i -> entry("s" + i)).toList());
        ledger.signHead(T1);
        LedgerLeaf original = store.read(T1, 17, 1).getFirst();
        LedgerEntry e = original.entry();
        store.replace(T1, 17, new LedgerLeaf(new LedgerEntry(e.seq(), e.at(), e.tenant(), "mallory", e.kind(),
                e.subject(), e.payloadSha256()), original.leafHash()));

        LedgerVerification v = ledger.verify(T1);

        assertThat(v.ok()).isFalse();
        assertThat(v.firstBadSeq()).contains(17L);
        assertThat(v.problems()).anyMatch(p -> p.contains("entry seq 17 does not match its leaf hash"));
    }

    @Test
    void verify_detectsAnEntryRewrittenWithItsLeafHash_byTheSignedRoot() {
        ledger.appendAll(T1, IntStream.range(0, 20).mapToObj(i -> entry("s" + i)).toList());
        ledger.signHead(T1);
        LedgerEntry e = store.read(T1, 4, 1).getFirst().entry();
        LedgerEntry forged = new LedgerEntry(e.seq(), e.at(), e.tenant(), e.actor(), e.kind(), "other", e.payloadSha256());
        store.replace(T1, 4, LedgerEntries.leaf(forged));

        LedgerVerification v = ledger.verify(T1);

        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("does not match the signed tree head"));
    }

    @Test
    void export_isVerifiableOfflineWithThePublicKey() {
        ledger.appendAll(T1, IntStream.range(0, 40).mapToObj(i -> entry("s" + i)).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TreeHead head = ledger.export(T1, out);

        assertThat(head.treeSize()).isEqualTo(40);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(41);
        assertThat(lines[40]).startsWith("{\"tree_head\":\"");
        LedgerVerification v = LedgerVerifier.verify(out.toByteArray(), signer.publicJwk());
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.size()).isEqualTo(40);
        assertThat(v.rootHash()).isEqualTo(head.rootHash());
    }

    @Test
    void offlineVerification_failsForAChangedEntryAMissingEntryAnotherKeyOrNoHead() {
        ledger.appendAll(T1, IntStream.range(0, 10).mapToObj(i -> entry("s" + i)).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ledger.export(T1, out);
        String export = out.toString(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(export.split("\n")));

        String changed = export.replace("\"subject\":\"s3\"", "\"subject\":\"s4\"");
        LedgerVerification changedResult = LedgerVerifier.verify(changed.getBytes(StandardCharsets.UTF_8), signer.publicJwk());
        assertThat(changedResult.ok()).isFalse();
        assertThat(changedResult.problems()).anyMatch(p -> p.contains("does not match the signed tree head"));

        List<String> missing = new ArrayList<>(lines);
        missing.remove(5);
        LedgerVerification missingResult = LedgerVerifier.verify(
                String.join("\n", missing).getBytes(StandardCharsets.UTF_8), signer.publicJwk());
        assertThat(missingResult.ok()).isFalse();
        assertThat(missingResult.firstBadSeq()).contains(5L);

        LedgerVerification otherKey = LedgerVerifier.verify(out.toByteArray(), LocalKeySigner.generate().publicJwk());
        assertThat(otherKey.ok()).isFalse();
        assertThat(otherKey.problems()).anyMatch(p -> p.contains("key mismatch"));
        assertThat(otherKey.problems()).anyMatch(p -> p.contains("bad signature"));

        List<String> noHead = lines.subList(0, 10);
        LedgerVerification unsigned = LedgerVerifier.verify(
                String.join("\n", noHead).getBytes(StandardCharsets.UTF_8), signer.publicJwk());
        assertThat(unsigned.ok()).isFalse();
        assertThat(unsigned.problems()).anyMatch(p -> p.contains("no signed tree head"));
    }

    @Test
    void offlineVerification_hashesTheCanonicalFormOfEachLine_soReformattedLinesStillVerify() {
        ledger.appendAll(T1, IntStream.range(0, 5).mapToObj(i -> entry("s" + i)).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ledger.export(T1, out);
        List<String> lines = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        Map<String, Object> entry = JsonTreeReader.readObject(lines.get(2).getBytes(StandardCharsets.UTF_8));
        StringBuilder reformatted = new StringBuilder("{ ");
        List<String> keys = new ArrayList<>(entry.keySet());
        java.util.Collections.reverse(keys);
        for (String k : keys) {
            Object v = entry.get(k);
            reformatted.append('"').append(k).append("\" : ")
                    .append(v instanceof String str ? "\"" + str.replace("s", "\\u0073") + "\"" : v + ".0").append(" ,");
        }
        reformatted.setLength(reformatted.length() - 1);
        lines.set(2, reformatted.append("}").toString());

        LedgerVerification v = LedgerVerifier.verify(String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                signer.publicJwk());

        assertThat(lines.get(2)).contains("\\u0073").contains("2.0");
        assertThat(v.problems()).isEmpty();

        lines.set(2, lines.get(2).replace("}", ",\"extra\":1}"));
        assertThat(LedgerVerifier.verify(String.join("\n", lines).getBytes(StandardCharsets.UTF_8), signer.publicJwk()).ok())
                .isFalse();
    }

    @Test
    void concurrentAppends_fromEightThreads_getContiguousSeqsAndAVerifiableLog() throws Exception {
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(ledger.append(T1, entry("t" + thread + "-" + i)).seq());
                    }
                    return seqs;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                List<Long> seqs = f.get();
                assertThat(seqs).isSorted();
                all.addAll(seqs);
            }
            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
            assertThat(all).allMatch(s -> s >= 0 && s < threads * each);
        } finally {
            pool.shutdownNow();
        }
        List<LedgerLeaf> stored = store.read(T1, 0, 10_000);
        assertThat(stored).hasSize(threads * each);
        for (int i = 0; i < stored.size(); i++) assertThat(stored.get(i).entry().seq()).isEqualTo(i);
        ledger.signHead(T1);
        assertThat(ledger.verify(T1).ok()).isTrue();
    }

    /**
     * A store whose first append waits until {@link #release} is opened, so callers queue behind it;
     * the append after that runs {@code second}. Records the size of every batch it is given.
     */
    private static final class GatedLedger extends TestDoubles.Ledger {
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Runnable second;

        GatedLedger(io.praetor.ports.evidence.LedgerStore real, Runnable second) {
            super(real);
            this.second = second;
        }

        @Override
        public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
            batches.add(leaves.size());
            if (batches.size() == 1) {
                firstEntered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else if (batches.size() == 2) {
                second.run();
            }
            super.append(tenant, expectedSize, leaves);
        }
    }

    /** Starts {@code n} callers of one entry each and waits until all of them are asleep in the queue. */
    private static List<Future<LedgerEntry>> queueCallers(ExecutorService pool, LedgerService service, int n,
                                                          List<Thread> callers) throws Exception {
        List<Future<LedgerEntry>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String subject = "q" + i;
            futures.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                return service.append(T1, entry(subject));
            }));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (callers.size() < n || callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            if (System.nanoTime() > deadline) throw new AssertionError("callers did not queue: " + callers);
            Thread.sleep(5);
        }
        return futures;
    }

    @Test
    void concurrentCallers_queuedWhileABatchIsWritten_areWrittenTogetherInOneStoreCall() throws Exception {
        GatedLedger gated = new GatedLedger(TestDoubles.adapters(clock, signer).ledger(), () -> {});
        LedgerService service = new LedgerService(gated, TestDoubles.PASS_THROUGH, signer, clock);
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<LedgerEntry> first = pool.submit(() -> service.append(T1, entry("first")));
            gated.firstEntered.await();
            List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<LedgerEntry>> queued = queueCallers(pool, service, 10, callers);
            gated.release.countDown();

            assertThat(first.get().seq()).isZero();
            List<Long> seqs = new ArrayList<>();
            for (Future<LedgerEntry> f : queued) seqs.add(f.get().seq());
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).mapToObj(i -> (long) i).toList());
            assertThat(gated.batches).containsExactly(1, 10);
        } finally {
            pool.shutdownNow();
        }
        List<LedgerLeaf> stored = gated.read(T1, 0, 100);
        assertThat(stored).hasSize(11);
        for (int i = 0; i < stored.size(); i++) assertThat(stored.get(i).entry().seq()).isEqualTo(i);
        service.signHead(T1);
        assertThat(service.verify(T1).ok()).isTrue();
    }

    @Test
    void aBatchThatFails_failsEveryCallerInIt_storesNoneOfIt_andTheLogGoesOnFromBeforeIt() throws Exception {
        PraetorException down = new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "store down for this batch");
        GatedLedger gated = new GatedLedger(TestDoubles.adapters(clock, signer).ledger(), () -> {
            throw down;
        });
        LedgerService service = new LedgerService(gated, TestDoubles.PASS_THROUGH, signer, clock);
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<LedgerEntry> first = pool.submit(() -> service.append(T1, entry("first")));
            gated.firstEntered.await();
            List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<LedgerEntry>> queued = queueCallers(pool, service, 10, callers);
            gated.release.countDown();

            assertThat(first.get().seq()).isZero();
            for (Future<LedgerEntry> f : queued) {
                assertThatThrownBy(f::get).hasCause(down);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(gated.batches).containsExactly(1, 10);
        assertThat(gated.size(T1)).isEqualTo(1);
        assertThat(service.append(T1, entry("after")).seq()).isEqualTo(1);
        assertThat(gated.read(T1, 0, 100)).extracting(l -> l.entry().subject()).containsExactly("first", "after");
        service.signHead(T1);
        assertThat(service.verify(T1).ok()).isTrue();
    }

    @Test
    void aCallerInterruptedWhileQueued_stillGetsItsEntry_andKeepsItsInterrupt() throws Exception {
        GatedLedger gated = new GatedLedger(TestDoubles.adapters(clock, signer).ledger(), () -> {});
        LedgerService service = new LedgerService(gated, TestDoubles.PASS_THROUGH, signer, clock);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<LedgerEntry> first = pool.submit(() -> service.append(T1, entry("first")));
            gated.firstEntered.await();
            List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Future<LedgerEntry> queued = pool.submit(() -> {
                callers.add(Thread.currentThread());
                LedgerEntry e = service.append(T1, entry("interrupted"));
                stillInterrupted.set(Thread.interrupted());
                return e;
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (callers.isEmpty() || callers.getFirst().getState() != Thread.State.WAITING) {
                if (System.nanoTime() > deadline) throw new AssertionError("caller did not queue");
                Thread.sleep(5);
            }
            callers.getFirst().interrupt();
            Thread.sleep(50);
            gated.release.countDown();
            assertThat(first.get().seq()).isZero();
            assertThat(queued.get().seq()).isEqualTo(1);
            assertThat(stillInterrupted).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
