package io.praetor.bench.detect;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryReader;
import io.praetor.domain.detect.InventoryService;
import io.praetor.domain.detect.ParsedSnapshot;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Times detect on a generated AWS Config snapshot: parse + normalise alone, a first full import
 * (parse + normalise + hash + diff + store + events) into the in-memory adapters, a re-import with
 * 1% of the resources changed (checking that exactly those are published), and an unchanged
 * re-import. Prints the figures. Usage: {@code bench/run --main io.praetor.bench.detect.ImportBench
 * [resources] [seed]}.
 */
public final class ImportBench {
    private ImportBench() {}

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        Path dir = Files.createTempDirectory("praetor-import-bench");
        AwsConfigSnapshotGenerator generator = new AwsConfigSnapshotGenerator(seed);

        Path first = dir.resolve("snapshot-1.json");
        long bytes = generator.write(first, count, Set.of());
        Random pick = new Random(seed);
        Set<Integer> changed = new TreeSet<>();
        while (changed.size() < count / 100) {
            changed.add(pick.nextInt(count));
        }
        Path second = dir.resolve("snapshot-2.json");
        generator.write(second, count, changed);
        Set<String> changedIds = new HashSet<>();
        changed.forEach(i -> changedIds.add(generator.idOf(i)));
        System.out.printf("snapshot: %,d resources, %,d bytes (%.1f MB, %.2f KB per record), %d changed in the second%n",
                count, bytes, bytes / 1e6, bytes / 1024.0 / count, changed.size());

        // The bench file is larger than the 64 MB default import limit, which it raises on purpose.
        InventoryLimits limits = new InventoryLimits(1L << 31, 1 << 20, 64);
        SnapshotImport request = new SnapshotImport("aws-config", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);

        InventoryReader reader = new InventoryReader(Clock.systemUTC(), limits);
        for (int warm = 0; warm < 2; warm++) {
            long t0 = System.nanoTime();
            ParsedSnapshot parsed = read(reader, request, first);
            System.out.printf("warm-up parse %d: %,d ms (%d entries)%n", warm + 1, ms(t0), parsed.entries().size());
        }
        long heapBefore = usedHeapAfterGc();
        long c0 = cpuMs();
        long t0 = System.nanoTime();
        ParsedSnapshot parsed = read(reader, request, first);
        long parseMs = ms(t0);
        String parseCpu = cpuSince(c0);
        long heapHeld = usedHeapAfterGc() - heapBefore;
        System.out.printf("parse + normalise: %,d ms wall, %s (%.0f MB/s); parsed snapshot holds %.1f MB of heap "
                + "(%.2fx the file)%n", parseMs, parseCpu, bytes / 1e6 / (parseMs / 1000.0), heapHeld / 1e6,
                (double) heapHeld / bytes);
        if (parsed.entries().size() != count) {
            throw new IllegalStateException("expected " + count + " entries, got " + parsed.entries().size());
        }
        parsed = null;

        TenantId tenant = TenantId.of("bench");
        Principal principal = Principal.system(tenant);
        for (int round = 1; round <= 2; round++) {
            try (InMemoryAdapters adapters = InMemoryAdapters.create(Clock.systemUTC())) {
                RecordingBus bus = new RecordingBus();
                InventoryService service = new InventoryService(adapters.resources(), adapters.findings(),
                        adapters.tenantEvents(), bus, adapters.transactions(), Clock.systemUTC(), limits,
                        Optional.empty());
                usedHeapAfterGc();
                c0 = cpuMs();
                t0 = System.nanoTime();
                ImportResult created = importFile(service, principal, request, first);
                long createMs = ms(t0);
                System.out.printf("round %d first import (parse + normalise + hash + diff + store + %,d events): "
                        + "%,d ms wall, %s; %s%n", round, bus.keys.size(), createMs, cpuSince(c0), counts(created));

                bus.keys.clear();
                c0 = cpuMs();
                t0 = System.nanoTime();
                ImportResult updated = importFile(service, principal, request, second);
                long updateMs = ms(t0);
                String updateCpu = cpuSince(c0);
                boolean exact = bus.keys.size() == changedIds.size() && new HashSet<>(bus.keys).equals(changedIds);
                System.out.printf("round %d re-import with 1%% changed: %,d ms wall, %s; %s; published %,d events, "
                        + "exactly the changed resources: %s%n", round, updateMs, updateCpu, counts(updated),
                        bus.keys.size(), exact);
                if (!exact || updated.updated() != changedIds.size()) {
                    throw new IllegalStateException("the re-import did not publish exactly the changed resources");
                }

                bus.keys.clear();
                c0 = cpuMs();
                t0 = System.nanoTime();
                ImportResult same = importFile(service, principal, request, second);
                System.out.printf("round %d unchanged re-import: %,d ms wall, %s; %s; published %d%n", round, ms(t0),
                        cpuSince(c0), counts(same), bus.keys.size());
            }
        }
        Files.delete(first);
        Files.delete(second);
        Files.delete(dir);
        System.out.printf("cores: %d, max heap: %,d MB, java %s, load average at the end: %.1f%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static ParsedSnapshot read(InventoryReader reader, SnapshotImport request, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return reader.read(request, in);
        }
    }

    private static ImportResult importFile(InventoryService service, Principal principal, SnapshotImport request,
                                           Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return service.importSnapshot(principal, request, in);
        }
    }

    private static String counts(ImportResult r) {
        return "received=%d created=%d updated=%d deleted=%d unchanged=%d".formatted(r.received(), r.created(),
                r.updated(), r.deleted(), r.unchanged());
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * CPU time of the whole process (every thread, GC included) in ms: on a shared machine the wall
     * clock also counts other processes' turns, so both figures are printed.
     */
    private static long cpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static String cpuSince(long startCpuMs) {
        return "%,d ms CPU".formatted(cpuMs() - startCpuMs);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Counts what the import publishes on resource.changed; holds nothing else. */
    private static final class RecordingBus implements EventBus {
        final List<String> keys = new ArrayList<>();

        @Override
        public synchronized void publish(BusMessage message) {
            if (message.topic().equals(Topics.RESOURCE_CHANGED)) {
                keys.add(message.key());
            }
        }

        @Override
        public Subscription consume(String topic, String group, WorkQueueOptions options,
                                    Function<Delivery, Disposition> handler) {
            throw new UnsupportedOperationException("the bench bus only records publishes");
        }

        @Override
        public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
            throw new UnsupportedOperationException("the bench bus only records publishes");
        }
    }
}
