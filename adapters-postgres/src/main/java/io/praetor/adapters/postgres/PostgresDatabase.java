package io.praetor.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The migrated schema and the pool of application connections. Opening it runs the Flyway
 * migrations (Flyway holds its lock, so several instances may start at once) as the login user, then
 * starts a pool whose every connection has switched to the application role.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** Where the migrations are on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration/praetor";

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final PostgresTransactions transactions;

    private PostgresDatabase(PostgresSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        this.transactions = new PostgresTransactions(pool);
    }

    /** Migrates the schema and opens the pool; DEPENDENCY_UNAVAILABLE when the database cannot be reached. */
    public static PostgresDatabase open(PostgresSettings settings) {
        migrate(settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("praetor-postgres");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        // Auto-commit stays on in the pool so that SET ROLE below commits at once: with it off, the
        // role change would belong to the first transaction on the connection, and a rollback of
        // that transaction would leave the connection running as the owner, outside row-level
        // security. PostgresTransactions turns auto-commit off for each transaction it opens.
        config.setAutoCommit(true);
        config.setConnectionTimeout(5_000);
        // rendered by jOOQ from a validated identifier: SET ROLE takes no bind parameter.
        // plan_cache_mode: the driver prepares a statement run five times on the server, and
        // PostgreSQL may then keep a generic plan made while a table was empty or small (a new
        // database or tenant, before autovacuum analyzed it); with it, a ledger append's max(seq)
        // or an import's lookup of ids scans the whole table every time (ADR 0026). Plans made for
        // the actual parameters cost a fraction of a millisecond per statement.
        config.setConnectionInitSql(DSL.using(SQLDialect.POSTGRES)
                .render(DSL.query("set role {0}; set plan_cache_mode = force_custom_plan", DSL.name(settings.appRole()))));
        try {
            return new PostgresDatabase(settings, new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "cannot open the connection pool to " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /** Applies the pending migrations; safe to run from several processes at once. */
    public static void migrate(PostgresSettings settings) {
        try {
            Flyway.configure()
                    .dataSource(settings.url(), settings.user(), settings.password())
                    .locations(MIGRATIONS)
                    .placeholders(Map.of("appRole", settings.appRole()))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "cannot migrate the database at " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** The application connections (role already set, no tenant). */
    public DataSource pool() {
        return pool;
    }

    PostgresTransactions transactions() {
        return transactions;
    }

    @Override
    public void close() {
        pool.close();
    }
}
