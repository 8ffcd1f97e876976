package io.praetor.bench.postgres;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.postgres.PostgresSettings;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.UUID;

/**
 * A database of the bench's own on the PostgreSQL at 127.0.0.1:5432 (user postgres, trust), created
 * on open and dropped (WITH FORCE) on close, with the Postgres adapters over it (migrated, the
 * application role {@code praetor_app_bench}, RLS in force) and the in-memory family for the rest.
 */
public final class BenchDatabase implements AutoCloseable {
    public static final String PG = "jdbc:postgresql://127.0.0.1:5432/";

    private final String name;
    private final PostgresAdapters adapters;

    private BenchDatabase(String name, PostgresAdapters adapters) {
        this.name = name;
        this.adapters = adapters;
    }

    public static BenchDatabase create(InstantSource clock, int poolSize) throws SQLException {
        String name = "praetor_bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        }
        try {
            return new BenchDatabase(name, PostgresAdapters.create(
                    new PostgresSettings(PG + name, "postgres", "", "praetor_app_bench", poolSize), clock,
                    InMemoryAdapters.create(clock)));
        } catch (RuntimeException e) {
            drop(name);
            throw e;
        }
    }

    /** Another instance's adapters on the same database (a pool of its own), closed by the caller. */
    public PostgresAdapters anotherInstance(InstantSource clock, int poolSize) {
        return PostgresAdapters.create(new PostgresSettings(PG + name, "postgres", "", "praetor_app_bench", poolSize),
                clock, InMemoryAdapters.create(clock));
    }

    public PostgresAdapters adapters() {
        return adapters;
    }

    public String name() {
        return name;
    }

    /** A superuser connection to this database (VACUUM, EXPLAIN, sizes). */
    public Connection admin() throws SQLException {
        return DriverManager.getConnection(PG + name, "postgres", "");
    }

    /**
     * CPU time (user + system, ms) of every PostgreSQL backend connected to this database now, read
     * from /proc (the server runs on this machine): with the JVM's own CPU time it says how much of
     * a wall time was work and how much was waiting for a turn on a shared machine.
     */
    public long backendCpuMillis() throws SQLException {
        long ticks = 0;
        try (Connection c = admin();
             var rs = c.createStatement().executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = '" + name + "'")) {
            while (rs.next()) {
                try {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + rs.getInt(1) + "/stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (java.io.IOException | RuntimeException e) {
                    // a backend that ended meanwhile
                }
            }
        }
        return ticks * 10; // USER_HZ = 100
    }

    /** Cores and the 1-minute load average: on a shared machine the figures depend on it. */
    public static String machine() {
        return String.format("cores %d, load average %.1f", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Override
    public void close() throws SQLException {
        try {
            adapters.close();
        } finally {
            drop(name);
        }
    }

    private static void drop(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
