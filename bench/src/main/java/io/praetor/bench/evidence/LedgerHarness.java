package io.praetor.bench.evidence;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.evidence.InclusionProof;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.domain.evidence.LedgerVerification;
import io.praetor.domain.evidence.LedgerVerifier;
import io.praetor.domain.evidence.NewEntry;
import io.praetor.ports.TenantId;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Performance figures of the evidence issue, on the in-memory adapters:
 * <ol>
 *   <li>append throughput, one entry per call, from 1, 2 and 8 threads (target ≥ 50,000 entries/s);</li>
 *   <li>append throughput in batches of 1,000 (an import);</li>
 *   <li>verification of a 1,000,000-entry log, from the store and offline from its export (target ≤ 5 s);</li>
 *   <li>inclusion proofs for random entries of that log, generated and checked (target ≤ 1 ms each).</li>
 * </ol>
 * Run with {@code bench/run --main io.praetor.bench.evidence.LedgerHarness [entries]}. Verification
 * prints wall and process CPU time: on a shared machine the wall time mostly measures the others.
 */
public final class LedgerHarness {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final String PAYLOAD = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("cores: %d, max heap: %d MB, load average: %.1f%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, OS.getSystemLoadAverage());

        for (int threads : new int[] {1, 2, 8}) {
            appendSingles(threads, 200_000); // warm-up round
            double rate = appendSingles(threads, 400_000);
            System.out.printf("append, 1 entry per call, %d thread(s): %,.0f entries/s%n", threads, rate);
        }

        SettableClock clock = new SettableClock(Instant.parse("2026-11-25T00:00:00Z"));
        InMemoryAdapters adapters = InMemoryAdapters.create(clock);
        LedgerService ledger = new LedgerService(adapters.ledger(), adapters.transactions(), adapters.signer(), clock);
        TenantId tenant = TenantId.of("bench");
        long start = System.nanoTime();
        for (int done = 0; done < entries; done += 1000) {
            List<NewEntry> batch = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) batch.add(entry(done + i));
            ledger.appendAll(tenant, batch);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("append in batches of 1,000: %,d entries in %.2f s = %,.0f entries/s%n",
                entries, secs, entries / secs);
        ledger.signHead(tenant);

        for (int round = 1; round <= 3; round++) {
            long cpu = OS.getProcessCpuTime();
            start = System.nanoTime();
            LedgerVerification v = ledger.verify(tenant);
            secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("verify from the store (round %d): %,d entries in %.2f s wall, %.2f s CPU, ok=%s%n",
                    round, v.size(), secs, (OS.getProcessCpuTime() - cpu) / 1e9, v.ok());
        }

        Path export = Files.createTempFile("ledger", ".ndjson");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(export), 1 << 16)) {
                ledger.export(tenant, out);
            }
            for (int round = 1; round <= 3; round++) {
                long cpu = OS.getProcessCpuTime();
                start = System.nanoTime();
                LedgerVerification v = LedgerVerifier.verify(export, ledger.publicKey());
                secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("verify offline from the export, %d MB (round %d): %,d entries in %.2f s wall, "
                        + "%.2f s CPU, ok=%s%n", Files.size(export) >> 20, round, v.size(), secs,
                        (OS.getProcessCpuTime() - cpu) / 1e9, v.ok());
            }
        } finally {
            Files.deleteIfExists(export);
        }

        Random random = new Random(1);
        long size = ledger.size(tenant);
        int proofs = 100_000;
        long[] nanos = new long[proofs];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < proofs; i++) {
                long seq = (long) (random.nextDouble() * size);
                long t0 = System.nanoTime();
                InclusionProof p = ledger.inclusionProof(tenant, seq, size);
                if (!p.verify()) throw new IllegalStateException("proof of " + seq + " does not verify");
                nanos[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("inclusion proof (generate + verify) in a %,d-entry log: mean %.1f µs, p50 %.1f µs, "
                        + "p99 %.1f µs, max %.1f µs%n", size, Arrays.stream(nanos).average().orElse(0) / 1e3,
                nanos[proofs / 2] / 1e3, nanos[proofs * 99 / 100] / 1e3, nanos[proofs - 1] / 1e3);
        adapters.close();
    }

    private static double appendSingles(int threads, int total) throws InterruptedException {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-25T00:00:00Z"));
        InMemoryAdapters adapters = InMemoryAdapters.create(clock);
        LedgerService ledger = new LedgerService(adapters.ledger(), adapters.transactions(), adapters.signer(), clock);
        ledger.start();
        TenantId tenant = TenantId.of("bench");
        int each = total / threads;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) ledger.append(tenant, entry(thread * each + i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            worker.start();
        }
        long start = System.nanoTime();
        go.countDown();
        done.await(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        ledger.close();
        adapters.close();
        return each * threads / secs;
    }

    private static NewEntry entry(int i) {
        return new NewEntry("user-" + (i % 97), LedgerKind.RESOURCE_PUT, "res-" + i, PAYLOAD);
    }

    private LedgerHarness() {}

}
