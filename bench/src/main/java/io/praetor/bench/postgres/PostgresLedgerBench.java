package io.praetor.bench.postgres;

import io.praetor.domain.evidence.LedgerKind;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.domain.evidence.LedgerVerification;
import io.praetor.domain.evidence.NewEntry;
import io.praetor.ports.TenantId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained ledger appends through {@link LedgerService} on {@code PostgresLedgerStore} (a database of
 * its own, created and dropped; pool of 8; heads signed in the background every second as in the
 * server). For 1, 8 and 32 threads appending one entry per call to one tenant (LedgerService combines
 * what queues up while a write is in flight into one conditional store call), for 8 threads each on
 * a tenant of its own, for one thread appending batches of 100, and for two instances (a pool and a
 * LedgerService each, on the same database) with 8 threads each on one tenant: entries/s over
 * {@code seconds}, twice each, then a verification of the two one-tenant logs.
 *
 * <p>Run: {@code java -cp … io.praetor.bench.postgres.PostgresLedgerBench [seconds]} (default 10).
 */
public final class PostgresLedgerBench {
    private static final String PAYLOAD = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private PostgresLedgerBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        InstantSource clock = InstantSource.system();
        try (BenchDatabase db = BenchDatabase.create(clock, 8);
             LedgerService ledger = new LedgerService(db.adapters().ledger(), db.adapters().transactions(), db.adapters().signer(), clock)) {
            ledger.start();
            System.out.println(BenchDatabase.machine());
            run(db, ledger, "warm-up, 8 threads, one tenant", 8, 1, false, 3);
            for (int round = 1; round <= 2; round++) {
                run(db, ledger, "round " + round + ", 1 thread, one tenant, 1 entry per call", 1, 1, false, seconds);
                run(db, ledger, "round " + round + ", 8 threads, one tenant, 1 entry per call", 8, 1, false, seconds);
                run(db, ledger, "round " + round + ", 32 threads, one tenant, 1 entry per call", 32, 1, false, seconds);
                run(db, ledger, "round " + round + ", 8 threads, a tenant each, 1 entry per call", 8, 1, true, seconds);
                run(db, ledger, "round " + round + ", 1 thread, one tenant, batches of 100", 1, 100, false, seconds);
            }
            // two server instances (a pool and a LedgerService each) on one database, 8 threads each,
            // one tenant and one signing key, as two servers share it: the conditional append keeps
            // one gap-free log; conflicts make them catch up
            try (var other = db.anotherInstance(clock, 8);
                 LedgerService second = new LedgerService(other.ledger(), other.transactions(), db.adapters().signer(), clock)) {
                second.start();
                for (int round = 1; round <= 2; round++) {
                    run(db, List.of(ledger, second), "round " + round + ", 2 instances × 8 threads, one tenant, 1 entry per call",
                            8, 1, false, seconds, "bench-2i");
                }
            }
            for (String name : List.of("bench", "bench-2i")) {
                TenantId tenant = TenantId.of(name);
                ledger.signHead(tenant);
                long t0 = System.nanoTime();
                LedgerVerification v = ledger.verify(tenant);
                System.out.printf("verify %s: %,d entries, ok=%s %s, %.1f s%n", tenant.value(), v.size(), v.ok(),
                        v.problems(), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static void run(BenchDatabase db, LedgerService ledger, String what, int threads, int batch,
                            boolean tenantEach, int seconds) throws Exception {
        run(db, List.of(ledger), what, threads, batch, tenantEach, seconds, "bench");
    }

    /** {@code threads} appenders on each of {@code instances}. */
    private static void run(BenchDatabase db, List<LedgerService> instances, String what, int threads, int batch,
                            boolean tenantEach, int seconds, String tenantName) throws Exception {
        LongAdder appended = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads * instances.size());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads * instances.size(); t++) {
            TenantId tenant = TenantId.of(tenantEach ? tenantName + "-" + t : tenantName);
            LedgerService ledger = instances.get(t % instances.size());
            int thread = t;
            workers.add(Thread.ofPlatform().unstarted(() -> {
                try {
                    int i = 0;
                    while (!stop.get()) {
                        List<NewEntry> entries = new ArrayList<>(batch);
                        for (int k = 0; k < batch; k++) {
                            entries.add(new NewEntry("user-" + thread, LedgerKind.RESOURCE_PUT, "res-" + i++, PAYLOAD));
                        }
                        ledger.appendAll(tenant, entries);
                        appended.add(batch);
                    }
                } catch (RuntimeException e) {
                    System.out.println("append failed: " + e);
                } finally {
                    done.countDown();
                }
            }));
        }
        long cpu = cpuNanos();
        long backends = db.backendCpuMillis();
        long t0 = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d entries in %.1f s = %,.0f entries/s (%,d ms JVM CPU + %,d ms PostgreSQL backend CPU; %s)%n",
                what, appended.sum(), secs, appended.sum() / secs, (cpuNanos() - cpu) / 1_000_000,
                db.backendCpuMillis() - backends, BenchDatabase.machine());
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
