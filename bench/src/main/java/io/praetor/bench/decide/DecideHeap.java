package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.ports.usecase.ScanResult;
import java.lang.management.ManagementFactory;

/**
 * Heap of the seeded tenant: used heap after GC with nothing loaded, with the 100,000 resources in
 * the in-memory store, and after a full scan (findings, pair counts and the engine's pair states).
 * Run with {@code bench/run --main io.praetor.bench.decide.DecideHeap [count]}.
 */
public final class DecideHeap {
    private DecideHeap() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long base = usedAfterGc();
        try (DecideBenchState state = new DecideBenchState(count, DecideBenchState.flavor())) {
            long loaded = usedAfterGc();
            long t0 = System.nanoTime();
            ScanResult first = state.findings.scan(DecideBenchState.TENANT);
            long t1 = System.nanoTime();
            ScanResult second = state.findings.scan(DecideBenchState.TENANT);
            long t2 = System.nanoTime();
            long scanned = usedAfterGc();
            System.out.printf("resources=%d pairs=%d findings_opened=%d errors=%d%n", first.resources(), first.evaluations(),
                    first.findingsOpened(), first.errors());
            System.out.printf("first scan %d ms, second scan %d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            System.out.printf("heap: baseline %d MB, with resources +%d MB, after scan +%d MB (total %d MB)%n",
                    base >> 20, (loaded - base) >> 20, (scanned - loaded) >> 20, scanned >> 20);
            if (second.errors() > 0) System.out.println("error sample: " + second.errorSamples().get(0));
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
