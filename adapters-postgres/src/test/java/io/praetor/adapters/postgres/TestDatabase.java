package io.praetor.adapters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One database per test run on the PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres),
 * migrated once and shared by every test class of the JVM; dropped when the JVM exits. Without a
 * reachable server the tests fail with a message saying so — they never skip.
 */
final class TestDatabase {
    static final String HOST = System.getProperty("praetor.test.postgres", "127.0.0.1:5432");
    static final String ADMIN_URL = "jdbc:postgresql://" + HOST + "/postgres";
    static final String USER = "postgres";
    /** The application role; shared by concurrent test runs, which is why the migration creates it safely. */
    static final String APP_ROLE = "praetor_app_test";

    private static final String[] TABLES = {"resources", "policies", "findings", "finding_open_counts", "policy_pair_counts", "exemptions",
            "actions", "action_events", "elevations", "tenant_events", "metric_snapshots", "inventory_sources",
            "ledger_entries", "ledger_tree_heads", "idempotency_records", "locks"};

    private static PostgresDatabase shared;
    private static String url;

    private TestDatabase() {}

    /** The shared, migrated database, emptied of every row. */
    static synchronized PostgresDatabase fresh() {
        if (shared == null) shared = create();
        truncateAll();
        return shared;
    }

    static synchronized String url() {
        if (shared == null) shared = create();
        return url;
    }

    /** A connection as the owning superuser (bypasses row-level security), for setup and checks. */
    static Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    private static PostgresDatabase create() {
        String name = "praetor_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "")) {
            DSL.using(admin, SQLDialect.POSTGRES).createDatabase(DSL.name(name)).execute();
        } catch (SQLException e) {
            throw new AssertionError("These tests need a running PostgreSQL at " + HOST
                    + " that user 'postgres' can reach without a password (trust auth); connecting to "
                    + ADMIN_URL + " failed: " + e.getMessage(), e);
        }
        url = "jdbc:postgresql://" + HOST + "/" + name;
        PostgresDatabase db = PostgresDatabase.open(new PostgresSettings(url, USER, "", APP_ROLE, 8));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(db, name), "drop-" + name));
        return db;
    }

    private static void drop(PostgresDatabase db, String name) {
        db.close();
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "")) {
            DSL.using(admin, SQLDialect.POSTGRES).query("drop database if exists {0} with (force)", DSL.name(name))
                    .execute();
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static void truncateAll() {
        try (Connection owner = ownerConnection()) {
            DSLContext dsl = DSL.using(owner, SQLDialect.POSTGRES);
            // replica mode skips the ledger's append-only triggers; only a superuser may set it
            dsl.query("set session_replication_role = replica").execute();
            // DELETE, not TRUNCATE: on these small tables it is many times faster
            dsl.batch(java.util.Arrays.stream(TABLES).map(t -> dsl.deleteFrom(DSL.table(DSL.name(t)))).toList())
                    .execute();
            dsl.query("set session_replication_role = origin").execute();
        } catch (SQLException e) {
            throw new AssertionError("cannot empty the test database: " + e.getMessage(), e);
        }
    }
}
