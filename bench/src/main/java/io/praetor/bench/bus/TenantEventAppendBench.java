package io.praetor.bench.bus;

import io.praetor.bench.postgres.BenchDatabase;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceStore;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The writers of one tenant against each other in PostgreSQL (ADR 0029), without the rest of the
 * server: each transaction is shaped like a single {@code putResource} — read the stored version,
 * upsert the resource, append its {@code resource.changed} event, read the resource back, commit —
 * on {@code threads} threads for {@code seconds}, with the event appended two ways in turn:
 * {@code append} (the tenant's lock taken at the append, held to COMMIT — how every append worked
 * before ADR 0029) and {@code appendAtCommit} (lock and INSERT right before COMMIT). Prints
 * transactions/s, latency p50/p99, JVM and PostgreSQL backend CPU, and the load average; alternates
 * the two so both see the same machine.
 *
 * <p>Run (build without installing, bench/README.md):
 * {@code java -cp … io.praetor.bench.bus.TenantEventAppendBench [threads] [seconds] [rounds]} (16 5 2).
 */
public final class TenantEventAppendBench {
    private static final TenantId TENANT = TenantId.of("bench");
    private static final int RESOURCES = 2_000;

    private TenantEventAppendBench() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        InstantSource clock = InstantSource.system();
        try (BenchDatabase db = BenchDatabase.create(clock, 10)) {
            System.out.println(BenchDatabase.machine());
            run(db, "warm-up (appendAtCommit)", threads, 3, true);
            run(db, "warm-up (append)", threads, 3, false);
            for (int round = 1; round <= rounds; round++) {
                run(db, "round " + round + ", append (lock from append to commit)", threads, seconds, false);
                run(db, "round " + round + ", appendAtCommit (lock at commit)", threads, seconds, true);
            }
        }
    }

    private static void run(BenchDatabase db, String what, int threads, int seconds, boolean atCommit) throws Exception {
        Transactions tx = db.adapters().transactions();
        ResourceStore resources = db.adapters().resources();
        TenantEventStore events = db.adapters().tenantEvents();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().unstarted(() -> {
                try {
                    int i = 0;
                    while (!stop.get()) {
                        String id = "r-" + ((thread + threads * i++) % RESOURCES);
                        long t0 = System.nanoTime();
                        try {
                            tx.run(() -> {
                                long version = resources.versions(TENANT, java.util.Set.of(id)).values().stream()
                                        .mapToLong(ResourceStore.StoredVersion::version).findFirst().orElse(0);
                                Resource r = Resource.of(id, "aws.s3.bucket", id, "us-east-1", "111111111111",
                                        Map.of("rev", Long.toString(System.nanoTime())), Map.of(), "bench", Instant.now())
                                        .withVersion(version + 1);
                                resources.putAll(TENANT, List.of(r));
                                List<TenantEvent> drafts = List.of(TenantEvent.draft(TENANT, "resource.changed", Instant.now(),
                                        Map.of("resource_id", id, "version", version + 1)));
                                if (atCommit) events.appendAtCommit(TENANT, drafts, tx, appended -> {});
                                else events.append(TENANT, drafts);
                                resources.get(TENANT, id); // putResource reads the resource back after its append
                            });
                            done.increment();
                            latencies.add(System.nanoTime() - t0);
                        } catch (RuntimeException e) {
                            failed.increment();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        long cpu = cpuNanos();
        long backends = db.backendCpuMillis();
        long t0 = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        finished.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%s, %d threads: %,.0f transactions/s (%,d in %.1f s, %d failed), p50 %.1f ms p99 %.1f ms; "
                        + "%,d ms JVM CPU + %,d ms PostgreSQL backend CPU; %s%n",
                what, threads, done.sum() / secs, done.sum(), secs, failed.sum(), pct(sorted, 50) / 1e6, pct(sorted, 99) / 1e6,
                (cpuNanos() - cpu) / 1_000_000, db.backendCpuMillis() - backends, BenchDatabase.machine());
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
