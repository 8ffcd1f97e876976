package io.praetor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The application role is cluster-wide: test runs (and instances of different deployments on one
 * server) migrate separate databases at the same moment, and each migration may try to create it.
 */
class ConcurrentMigrationTest {
    @Test
    void twoDatabasesMigratedAtOnce_bothCreateOrReuseTheNewRoleWithoutFailing() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String role = "praetor_race_" + suffix;
        List<String> databases = List.of("praetor_test_race_a_" + suffix, "praetor_test_race_b_" + suffix);
        try (Connection admin = DriverManager.getConnection(TestDatabase.ADMIN_URL, TestDatabase.USER, "")) {
            DSLContext dsl = DSL.using(admin, SQLDialect.POSTGRES);
            for (String db : databases) dsl.createDatabase(DSL.name(db)).execute();
            try {
                ExecutorService pool = Executors.newFixedThreadPool(databases.size());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (String db : databases) {
                    String url = TestDatabase.ADMIN_URL.replace("/postgres", "/" + db);
                    runs.add(pool.submit(() -> {
                        start.await();
                        PostgresDatabase.migrate(new PostgresSettings(url, TestDatabase.USER, "", role));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) run.get(60, TimeUnit.SECONDS); // rethrows a failed migration
                pool.shutdown();

                assertThat(dsl.fetchCount(DSL.table(DSL.name("pg_roles")),
                        DSL.field(DSL.name("rolname")).eq(role),
                        DSL.field(DSL.name("rolbypassrls"), Boolean.class).isFalse(),
                        DSL.field(DSL.name("rolcanlogin"), Boolean.class).isFalse())).isEqualTo(1);
            } finally {
                for (String db : databases) {
                    dsl.query("drop database if exists {0} with (force)", DSL.name(db)).execute();
                }
                dsl.query("drop role if exists {0}", DSL.name(role)).execute();
            }
        } catch (SQLException e) {
            throw new AssertionError("These tests need a running PostgreSQL at " + TestDatabase.HOST + ": "
                    + e.getMessage(), e);
        }
    }
}
