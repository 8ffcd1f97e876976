package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ScanResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;

/**
 * Wall-clock figures of the decide targets in one JVM, no JMH: first and steady full scans, the
 * engine alone over every pair, incremental re-evaluation of one resource, and first scans of new
 * stores once the JVM is warm; with a JFR recording
 * of the steady scans when a file is given. Run with
 * {@code bench/run --main io.praetor.bench.decide.ScanProfile [count] [steady.jfr]}.
 */
public final class ScanProfile {
    private ScanProfile() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println("flavor " + DecideBenchState.flavor() + ", expression optimization " + DecideBenchState.optimization());
        try (DecideBenchState state = new DecideBenchState(count, DecideBenchState.flavor())) {
            // the policies are compiled (parsed and checked) on first use; the scan targets exclude parsing, so
            // they are compiled here, and the time is printed on its own
            long c0 = System.nanoTime();
            long cpuCompile = cpuNanos();
            int compiled = state.catalog.refresh(DecideBenchState.TENANT).size();
            System.out.printf("compiling %d policies %d ms wall, %d ms process CPU%n", compiled,
                    (System.nanoTime() - c0) / 1_000_000, (cpuNanos() - cpuCompile) / 1_000_000);
            // -Dpraetor.bench.firstScanJfr=file records the first scan (it opens every finding and its event)
            Recording firstRec = null;
            String firstJfr = System.getProperty("praetor.bench.firstScanJfr");
            if (firstJfr != null) {
                firstRec = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                firstRec.start();
            }
            Measured first = measure(() -> state.findings.scan(DecideBenchState.TENANT));
            System.out.printf("first scan %s (pairs=%d opened=%d)%n", first.figures(), first.result().evaluations(),
                    first.result().findingsOpened());
            if (firstRec != null) {
                firstRec.stop();
                firstRec.dump(Path.of(firstJfr));
            }
            Recording rec = null;
            if (args.length > 1) {
                rec = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                rec.start();
            }
            for (int i = 0; i < 3; i++) {
                Measured steady = measure(() -> state.findings.scan(DecideBenchState.TENANT));
                System.out.printf("steady scan %s (opened=%d resolved=%d)%n", steady.figures(),
                        steady.result().findingsOpened(), steady.result().findingsResolved());
            }
            if (rec != null) {
                rec.stop();
                rec.dump(Path.of(args[1]));
            }
            PolicyEngine engine = io.praetor.domain.decide.engine.PolicyEngine.of(
                    DecideWorkload.policies().stream().map(p -> new io.praetor.domain.decide.engine.PolicyCompiler(
                            DecideBenchState.flavor(), DecideBenchState.optimization()).compile(p).policy().orElseThrow()).toList());
            for (int i = 0; i < 3; i++) {
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long c = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                long n = 0;
                for (Resource r : state.resources) n += engine.evaluate(r, DecideWorkload.NOW).size();
                long ns = System.nanoTime() - t;
                long cpu = threads.getCurrentThreadCpuTime() - c;
                System.out.printf("engine only, one thread: %d ms wall, %.0f ns/pair wall, %.0f ns/pair thread CPU%n",
                        ns / 1_000_000, (double) ns / n, (double) cpu / n);
            }
            Resource volume = state.resources.stream().filter(r -> r.type().equals("aws.ec2.volume")).findFirst().orElseThrow();
            List<Resource> a = List.of(withEncrypted(volume, true));
            List<Resource> b = List.of(withEncrypted(volume, false));
            Recording incRec = null;
            if (args.length > 2) {
                incRec = new Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                incRec.start();
            }
            long[] samples = new long[20_000];
            for (int i = 0; i < samples.length; i++) {
                long t = System.nanoTime();
                state.findings.reevaluate(DecideBenchState.TENANT, i % 2 == 0 ? a : b, List.of());
                samples[i] = System.nanoTime() - t;
            }
            long[] last = java.util.Arrays.copyOfRange(samples, 10_000, samples.length);
            java.util.Arrays.sort(last);
            if (incRec != null) {
                incRec.stop();
                incRec.dump(Path.of(args[2]));
            }
            System.out.printf("incremental one resource: median %.1f us, p90 %.1f us (wall)%n", last[last.length / 2] / 1e3,
                    last[last.length * 9 / 10] / 1e3);
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long c = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) state.findings.reevaluate(DecideBenchState.TENANT, i % 2 == 0 ? a : b, List.of());
            System.out.printf("incremental one resource: mean %.1f us thread CPU, %d bytes allocated%n",
                    (threads.getCurrentThreadCpuTime() - c) / 1e3 / 10_000,
                    (threads.getCurrentThreadAllocatedBytes() - allocated) / 10_000);
        }
        // The first scan above ran on a cold JVM: it paid for compiling the scan's code, which a server pays
        // once, not per tenant. A new tenant's first scan in a warm JVM, as every JMH figure here is warm: new
        // stores with the same resources, the previous ones dropped (not collected by force: a running
        // server's heap is not emptied between tenants either).
        int warmRuns = Integer.getInteger("praetor.bench.warmFirstScans", 3);
        for (int run = 1; run <= warmRuns; run++) {
            try (DecideBenchState state = new DecideBenchState(count, DecideBenchState.flavor())) {
                state.catalog.refresh(DecideBenchState.TENANT);
                Measured first = measure(() -> state.findings.scan(DecideBenchState.TENANT));
                System.out.printf("first scan, warm JVM (%d of %d): %s (opened=%d)%n", run, warmRuns, first.figures(),
                        first.result().findingsOpened());
            }
        }
    }

    /** A scan's result and its figures: wall, process CPU, GC and bytes allocated by every thread. */
    private record Measured(ScanResult result, String figures) {}

    private static Measured measure(java.util.function.Supplier<ScanResult> scan) {
        long t = System.nanoTime();
        long cpu = cpuNanos();
        long gc = gcMillis();
        long alloc = allocatedBytes();
        ScanResult r = scan.get();
        return new Measured(r, String.format("%d ms wall, %d ms process CPU, %d ms GC, %d MB allocated",
                (System.nanoTime() - t) / 1_000_000, (cpuNanos() - cpu) / 1_000_000, gcMillis() - gc,
                (allocatedBytes() - alloc) >> 20));
    }

    /** CPU time of the whole process (every thread, GC included): load on the machine does not inflate it. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Bytes allocated by every thread so far: unlike time, the load on the machine does not change it. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getTotalThreadAllocatedBytes();
    }

    private static long gcMillis() {
        long sum = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) sum += gc.getCollectionTime();
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static Resource withEncrypted(Resource r, boolean encrypted) {
        Map<String, Object> props = new LinkedHashMap<>(r.properties());
        Map<String, Object> conf = new LinkedHashMap<>((Map<String, Object>) props.get("configuration"));
        conf.put("encrypted", encrypted);
        conf.put("state", encrypted ? "in-use" : "available");
        props.put("configuration", conf);
        return r.withProperties(io.praetor.ports.inventory.JsonTrees.freezeObject(props));
    }
}
