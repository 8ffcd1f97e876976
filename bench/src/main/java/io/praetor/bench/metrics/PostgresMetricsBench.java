package io.praetor.bench.metrics;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.postgres.PostgresSettings;
import io.praetor.domain.decide.LocalAnalyst;
import io.praetor.domain.decide.MetricsService;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.ports.policy.Severity;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /metrics} on PostgreSQL with many findings: {@code tenants} tenants × {@code perTenant}
 * findings (about 80 % open over 40 policies, 12 types, 5 severities; the rest resolved) in a
 * database of its own. Prints the load time, the latency of the SQL aggregates and of the whole
 * metrics use case (p50/p99 over every tenant in turn), the same for the port's default
 * (page through every finding) on a few calls, and the EXPLAIN ANALYZE of the two aggregate queries.
 *
 * <p>Run: {@code bench/run --main io.praetor.bench.metrics.PostgresMetricsBench [tenants] [perTenant] [calls]}
 * (defaults 100 10000 2000), PostgreSQL at 127.0.0.1:5432 (user postgres, trust).
 */
public final class PostgresMetricsBench {
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String[] TYPES = {"aws.s3.bucket", "aws.ec2.instance", "aws.ec2.volume", "aws.iam.role",
        "aws.rds.instance", "gcp.storage.bucket", "gcp.compute.instance", "azure.storage.account", "azure.vm",
        "k8s.pod", "k8s.deployment", "aws.lambda.function"};

    private PostgresMetricsBench() {}

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int perTenant = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        String db = "praetor_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + db);
        }
        InstantSource clock = InstantSource.system();
        try (PostgresAdapters pg = PostgresAdapters.create(new PostgresSettings(PG + db, "postgres", "", "praetor_app_bench", 8),
                clock, InMemoryAdapters.create(clock))) {
            Instant now = clock.instant();
            long t0 = System.nanoTime();
            for (int t = 0; t < tenants; t++) {
                TenantId tenant = TenantId.of("t-" + t);
                List<Finding> batch = new ArrayList<>(5_000);
                for (int i = 0; i < perTenant; i++) {
                    batch.add(finding(i, now));
                    if (batch.size() == 5_000) {
                        pg.findings().putAll(tenant, batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) pg.findings().putAll(tenant, batch);
            }
            double load = (System.nanoTime() - t0) / 1e9;
            System.out.printf("loaded %,d findings (%d tenants × %,d) in %.1f s = %,.0f rows/s%n", (long) tenants * perTenant,
                    tenants, perTenant, load, tenants * perTenant / load);
            try (Connection c = DriverManager.getConnection(PG + db, "postgres", "")) {
                c.createStatement().execute("VACUUM ANALYZE findings");
                try (ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('finding_open_counts') IS NOT NULL")) {
                    if (rs.next() && rs.getBoolean(1)) c.createStatement().execute("VACUUM ANALYZE finding_open_counts");
                }
            }

            Instant since = now.minus(Duration.ofDays(30));
            for (int round = 1; round <= 2; round++) {
                long[] agg = time(calls, i -> pg.findings().aggregates(TenantId.of("t-" + (i % tenants)), since));
                System.out.printf("FindingStore.aggregates (SQL), round %d, %,d calls: %s%n", round, calls, summary(agg));
            }

            // as served (one transaction for the request's reads) and as before ADR 0028 (each read in
            // a transaction of its own: a Transactions that opens none), alternating
            Transactions perRead = new Transactions() {
                @Override
                public <T> T inTransaction(java.util.function.Supplier<T> work) {
                    return work.get();
                }

                @Override
                public void afterCommit(Runnable action) {
                    action.run();
                }
            };
            MetricsService metrics = new MetricsService(pg.resources(), pg.policies(), pg.findings(), pg.actions(),
                    pg.metricSnapshots(), pg.transactions(), clock, new LocalAnalyst());
            MetricsService metricsPerRead = new MetricsService(pg.resources(), pg.policies(), pg.findings(), pg.actions(),
                    pg.metricSnapshots(), perRead, clock, new LocalAnalyst());
            for (int round = 1; round <= 2; round++) {
                for (MetricsService service : List.of(metrics, metricsPerRead)) {
                    long cpu = cpuNanos();
                    long[] full = time(calls, i -> service.metrics(new Principal("bench", TenantId.of("t-" + (i % tenants)),
                            Set.of(Role.VIEWER)), Duration.ofDays(30), false));
                    System.out.printf("MetricsService.metrics (whole GET /metrics use case, uncached, %s), round %d, "
                                    + "%,d calls: %s; JVM CPU %,d ms%n", service == metrics ? "one transaction"
                                    : "a transaction per read", round, calls, summary(full),
                            (cpuNanos() - cpu) / 1_000_000);
                }
            }

            FindingStore paging = pagingOnly(pg.findings());
            int few = Math.min(20, calls);
            long[] old = time(few, i -> paging.aggregates(TenantId.of("t-" + (i % tenants)), since));
            System.out.printf("the port's default (pages through every finding), %d calls: %s%n", few, summary(old));

            explain(db, "t-7", since);
        } finally {
            try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static Finding finding(int i, Instant now) {
        boolean open = i % 5 != 0;
        String resource = "arn:bench:" + i;
        String policy = "policy-" + (i % 40);
        Instant first = now.minus(Duration.ofHours(1 + i % 500));
        return new Finding("f-" + i, policy, resource, ResourceKeys.keyOf(resource), TYPES[i % TYPES.length], "123456789012",
                Severity.values()[i % Severity.values().length], 5.0, open ? FindingStatus.OPEN : FindingStatus.RESOLVED,
                "Violation of " + policy, resource + " violates " + policy, first, now,
                open ? Optional.empty() : Optional.of(now.minus(Duration.ofMinutes(i % 600))), Optional.empty(), List.of(),
                Set.of("cis"), Map.of());
    }

    /** The store with its {@code aggregates} replaced by the port's default (what GET /metrics did before). */
    private static FindingStore pagingOnly(FindingStore store) {
        InvocationHandler h = (proxy, method, args) -> method.getName().equals("aggregates")
                ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(store, args);
        return (FindingStore) Proxy.newProxyInstance(FindingStore.class.getClassLoader(), new Class<?>[] {FindingStore.class}, h);
    }

    private static long[] time(int n, java.util.function.IntConsumer call) {
        for (int i = 0; i < Math.min(50, n); i++) call.accept(i); // warm-up
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            call.accept(i);
            nanos[i] = System.nanoTime() - s;
        }
        return nanos;
    }

    private static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (load average %.1f)", s[s.length / 2] / 1e6,
                s[Math.min(s.length - 1, (int) (s.length * 0.90))] / 1e6,
                s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s[s.length - 1] / 1e6,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** EXPLAIN ANALYZE of the two aggregate queries as the application role, under row-level security. */
    private static void explain(String db, String tenant, Instant since) throws Exception {
        try (Connection c = DriverManager.getConnection(PG + db, "postgres", "")) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET ROLE praetor_app_bench");
            c.createStatement().execute("SELECT set_config('app.tenant_id', '" + tenant + "', true)");
            boolean counts;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('finding_open_counts') IS NOT NULL")) {
                counts = rs.next() && rs.getBoolean(1);
            }
            List<String> queries = new ArrayList<>();
            // what the store reads since ADR 0035 (V3_35), when the database has it
            if (counts) {
                queries.add("SELECT dimension, value, n FROM finding_open_counts WHERE tenant_id = '" + tenant + "' AND n > 0");
            }
            for (String q : queries) {
                System.out.println("EXPLAIN ANALYZE " + q);
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + q)) {
                    while (rs.next()) System.out.println("  " + rs.getString(1));
                }
            }
            for (String q : List.of(
                    "SELECT severity, policy_id, resource_type, GROUPING(severity), GROUPING(policy_id), count(*) FROM findings "
                            + "WHERE tenant_id = '" + tenant + "' AND status = 'open' "
                            + "GROUP BY GROUPING SETS ((severity), (policy_id), (resource_type))",
                    "SELECT count(*), sum(floor(extract(epoch from (resolved_at - first_seen)))) FROM findings "
                            + "WHERE tenant_id = '" + tenant + "' AND status = 'resolved' AND resolved_at >= '" + since + "'")) {
                System.out.println("EXPLAIN ANALYZE " + q);
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + q)) {
                    while (rs.next()) System.out.println("  " + rs.getString(1));
                }
            }
            c.rollback();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
