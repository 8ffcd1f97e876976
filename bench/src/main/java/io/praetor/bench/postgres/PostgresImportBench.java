package io.praetor.bench.postgres;

import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.bench.decide.DecideWorkload;
import io.praetor.bench.detect.AwsConfigSnapshotGenerator;
import io.praetor.ports.inventory.Resource;
import java.util.ArrayList;
import java.util.List;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryService;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Import of a generated AWS Config snapshot through the real {@link InventoryService} into PostgreSQL
 * (a database of its own, created and dropped): parse + normalise + hash + diff + upsert + one
 * resource.changed event per change in the outbox, all in one transaction. Per round (each in a
 * tenant of its own): a first import (every resource created), a re-import with 1 % changed, an
 * unchanged re-import; then {@code ResourceStore.putAll} alone, COPY path vs multi-row INSERTs. Prints
 * wall time, the JVM's CPU time and the CPU time of the database backends (the machine is shared), and
 * the time spent in each store call.
 *
 * <p>Run: {@code java -cp … io.praetor.bench.postgres.PostgresImportBench [resources] [rounds]}
 * (defaults 100000 2).
 */
public final class PostgresImportBench {
    private PostgresImportBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("praetor-pg-import-bench");
        AwsConfigSnapshotGenerator generator = new AwsConfigSnapshotGenerator(42);
        Path first = dir.resolve("snapshot-1.json");
        long bytes = generator.write(first, count, Set.of());
        Random pick = new Random(42);
        Set<Integer> changed = new TreeSet<>();
        while (changed.size() < count / 100) changed.add(pick.nextInt(count));
        Path second = dir.resolve("snapshot-2.json");
        generator.write(second, count, changed);
        System.out.printf("snapshot: %,d resources, %.1f MB; %s%n", count, bytes / 1e6, BenchDatabase.machine());

        InventoryLimits limits = new InventoryLimits(1L << 31, 1 << 20, 64); // the file is above the 64 MB default
        SnapshotImport request = new SnapshotImport("aws-config", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);
        InstantSource clock = InstantSource.system();
        try (BenchDatabase db = BenchDatabase.create(clock, 8)) {
            PostgresAdapters pg = db.adapters();
            CountingBus bus = new CountingBus();
            PortTimes times = new PortTimes();
            InventoryService service = new InventoryService(times.wrap(ResourceStore.class, pg.resources()), pg.findings(),
                    times.wrap(TenantEventStore.class, pg.tenantEvents()), bus, pg.transactions(), clock, limits,
                    Optional.empty());
            // warm-up: the JIT and the pool, on a small tenant of its own
            Path small = dir.resolve("warm.json");
            generator.write(small, 5_000, Set.of());
            importFile(service, Principal.system(TenantId.of("warm-up")), request, small);

            for (int round = 1; round <= rounds; round++) {
                Principal principal = Principal.system(TenantId.of("bench-" + round));
                timed(db, times, "round " + round + " first import (all created)", () -> importFile(service, principal, request, first));
                timed(db, times, "round " + round + " re-import, 1 % changed", () -> importFile(service, principal, request, second));
                timed(db, times, "round " + round + " re-import, unchanged", () -> importFile(service, principal, request, second));
                try (Connection c = db.admin();
                     ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM resources WHERE tenant_id = '"
                             + principal.tenant().value() + "'")) {
                    rs.next();
                    System.out.printf("  rows in resources for %s: %,d; %s%n", principal.tenant().value(), rs.getLong(1),
                            BenchDatabase.machine());
                }
            }
            System.out.printf("events published after commit: %,d%n", bus.published.get());
            storeAlone(db, count);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    /**
     * ResourceStore.putAll alone, the same 100,000 resources in one transaction each way, alternating:
     * one call (the COPY path) vs calls of 999 (below the COPY threshold: multi-row INSERTs of 500).
     */
    private static void storeAlone(BenchDatabase db, int count) throws Exception {
        List<Resource> rows = new ArrayList<>(count);
        for (Resource r : DecideWorkload.resources(count, 7)) rows.add(r.withVersion(1).withContentHash("h-" + r.id()));
        PostgresAdapters pg = db.adapters();
        for (int round = 1; round <= 2; round++) {
            for (boolean copy : new boolean[] {true, false}) {
                TenantId tenant = TenantId.of("alone-" + round + "-" + copy);
                long cpu = cpuNanos();
                long backends = db.backendCpuMillis();
                long t0 = System.nanoTime();
                pg.transactions().inTransaction(() -> {
                    if (copy) {
                        pg.resources().putAll(tenant, rows);
                    } else {
                        for (int i = 0; i < rows.size(); i += 999) {
                            pg.resources().putAll(tenant, rows.subList(i, Math.min(rows.size(), i + 999)));
                        }
                    }
                    return null;
                });
                System.out.printf("putAll alone, %,d resources, %s, round %d: %,d ms wall, %,d ms JVM CPU + %,d ms "
                                + "PostgreSQL backend CPU; %s%n", count, copy ? "COPY + INSERT … SELECT" : "INSERT of 500 rows",
                        round, (System.nanoTime() - t0) / 1_000_000, (cpuNanos() - cpu) / 1_000_000,
                        db.backendCpuMillis() - backends, BenchDatabase.machine());
            }
        }
    }

    private interface Run {
        ImportResult run() throws Exception;
    }

    private static void timed(BenchDatabase db, PortTimes times, String what, Run run) throws Exception {
        times.reset();
        long cpu = cpuNanos();
        long backends = db.backendCpuMillis();
        long t0 = System.nanoTime();
        ImportResult r = run.run();
        System.out.printf("%s: %,d ms wall, %,d ms JVM CPU + %,d ms PostgreSQL backend CPU; created=%d updated=%d "
                        + "deleted=%d unchanged=%d%n    store calls: %s%n", what, (System.nanoTime() - t0) / 1_000_000,
                (cpuNanos() - cpu) / 1_000_000, db.backendCpuMillis() - backends, r.created(), r.updated(), r.deleted(),
                r.unchanged(), times);
    }

    private static ImportResult importFile(InventoryService service, Principal principal, SnapshotImport request,
                                           Path file) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return service.importSnapshot(principal, request, in);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The outbox publishes after commit; the bench counts and drops. */
    private static final class CountingBus implements EventBus {
        final AtomicLong published = new AtomicLong();

        @Override
        public void publish(BusMessage message) {
            published.incrementAndGet();
        }

        @Override
        public Subscription consume(String topic, String group, WorkQueueOptions options,
                                    Function<Delivery, Disposition> handler) {
            throw new UnsupportedOperationException("the bench bus only counts publishes");
        }

        @Override
        public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
            throw new UnsupportedOperationException("the bench bus only counts publishes");
        }
    }
}
