package io.praetor.adapters.postgres;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Database transactions bound to the calling thread. The outermost {@link #inTransaction} borrows a
 * connection (already switched to the application role by the pool) and commits or rolls back;
 * nested calls and store operations join it. A store operation outside any transaction runs in one
 * of its own.
 *
 * <p>The tenant is set with {@code set_config('app.tenant_id', …, true)}, which is transaction-local:
 * a connection goes back to the pool carrying no tenant, and row-level security hides every row
 * from a statement that runs without one.
 */
final class PostgresTransactions implements Transactions {
    private static final System.Logger LOG = System.getLogger(PostgresTransactions.class.getName());
    private static final Settings JOOQ = new Settings().withExecuteLogging(false).withRenderSchema(false);

    private final DataSource pool;
    private final ThreadLocal<Frame> current = new ThreadLocal<>();

    /** The open transaction of one thread. */
    private static final class Frame {
        final Connection connection;
        final DSLContext dsl;
        final List<Runnable> beforeCommit = new ArrayList<>();
        final List<Runnable> afterCommit = new ArrayList<>();
        final Map<Object, Object> locals = new HashMap<>();
        String tenant; // the app.tenant_id set in this transaction, null before the first store call
        boolean systemScope;

        Frame(Connection connection) {
            this.connection = connection;
            this.dsl = DSL.using(connection, SQLDialect.POSTGRES, JOOQ);
        }
    }

    PostgresTransactions(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        Frame frame = open();
        current.set(frame);
        T result;
        try {
            result = work.get();
            // by index: a before-commit action may register another
            for (int i = 0; i < frame.beforeCommit.size(); i++) frame.beforeCommit.get(i).run();
            frame.connection.commit();
        } catch (SQLException e) {
            rollback(frame, e);
            PraetorException failure = SqlFailures.translate("commit", e);
            if (failure.code() == ErrorCode.DEPENDENCY_UNAVAILABLE) {
                // the connection broke during COMMIT: the server may have committed or not
                throw new PraetorException(ErrorCode.OUTCOME_UNKNOWN,
                        "the connection failed during commit; the transaction may or may not have committed", e);
            }
            throw failure;
        } catch (Throwable e) {
            // also catches checked exceptions thrown sneakily, so the thread never keeps a dead frame
            rollback(frame, e);
            throw e;
        } finally {
            current.remove();
            close(frame);
        }
        for (Runnable action : frame.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The data is committed; a failing callback (say, the bus is down) must not undo it.
                LOG.log(System.Logger.Level.WARNING, "after-commit action failed", e);
            }
        }
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        Frame frame = current.get();
        if (frame == null) {
            action.run();
        } else {
            frame.afterCommit.add(action);
        }
    }

    /**
     * Runs {@code action} as the last work of the current transaction, after the caller's work and
     * right before COMMIT (in the order registered); a failure rolls the transaction back. For writes
     * that take a lock until commit and should hold it as briefly as possible (ADR 0029).
     */
    void beforeCommit(Runnable action) {
        requireFrame("beforeCommit").beforeCommit.add(action);
    }

    /**
     * The current transaction's value for {@code key}, made by {@code create} on first use: state a
     * store gathers during a transaction and settles in a {@link #beforeCommit} action.
     */
    @SuppressWarnings("unchecked")
    <S> S transactionLocal(Object key, Supplier<S> create) {
        return (S) requireFrame("transactionLocal").locals.computeIfAbsent(key, k -> create.get());
    }

    private Frame requireFrame(String what) {
        Frame frame = current.get();
        if (frame == null) throw new IllegalStateException(what + " needs an open transaction");
        return frame;
    }

    /** Runs one store operation as {@code tenant}, in the caller's transaction or in one of its own. */
    <T> T inTenant(TenantId tenant, String doing, Function<DSLContext, T> operation) {
        return inTenant(tenant, doing, Optional.empty(), operation);
    }

    /**
     * As {@link #inTenant}, first taking {@code lock} (a transaction-scoped advisory lock) if given:
     * in the statement that sets the tenant when this is the transaction's first store call, so a
     * short locked write costs no extra round trip.
     */
    <T> T inTenant(TenantId tenant, String doing, Optional<Field<?>> lock, Function<DSLContext, T> operation) {
        Frame frame = current.get();
        if (frame == null) {
            return inTransaction(() -> inTenant(tenant, doing, lock, operation));
        }
        try {
            List<Field<?>> setup = new ArrayList<>(2);
            if (!tenant.value().equals(frame.tenant)) {
                setup.add(DSL.function("set_config", String.class,
                        DSL.val("app.tenant_id"), DSL.val(tenant.value()), DSL.inline(true)));
            }
            lock.ifPresent(setup::add);
            if (!setup.isEmpty()) {
                frame.dsl.select(setup).fetch();
                frame.tenant = tenant.value();
            }
            return operation.apply(frame.dsl);
        } catch (RuntimeException e) {
            throw SqlFailures.translate(doing, e);
        }
    }

    /** A statement a store writes itself, on the transaction's connection (see {@link #inTenantSettingItself}). */
    @FunctionalInterface
    interface OnConnection<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code operation} in the caller's transaction (or one of its own) for a store that sets
     * {@code app.tenant_id} to {@code tenant} in its own first statement, together with whatever
     * else that statement does (one round trip instead of two): the tenant counts as set afterwards.
     */
    <T> T inTenantSettingItself(TenantId tenant, String doing, OnConnection<T> operation) {
        Frame frame = current.get();
        if (frame == null) {
            return inTransaction(() -> inTenantSettingItself(tenant, doing, operation));
        }
        try {
            T result = operation.apply(frame.connection);
            frame.tenant = tenant.value();
            return result;
        } catch (SQLException | RuntimeException e) {
            throw SqlFailures.translate(doing, e);
        }
    }

    /**
     * Like {@link #inTenant}, for a write that may fail on a constraint (a duplicate id, a seq taken
     * by a concurrent writer): inside a caller's transaction it runs under a savepoint, so the
     * CONFLICT it throws leaves that transaction usable (a caller may catch it and carry on).
     */
    <T> T inTenantAtomically(TenantId tenant, String doing, Function<DSLContext, T> operation) {
        Frame frame = current.get();
        if (frame == null) {
            return inTransaction(() -> inTenant(tenant, doing, operation));
        }
        return inTenant(tenant, doing, dsl -> {
            Savepoint savepoint;
            try {
                savepoint = frame.connection.setSavepoint();
            } catch (SQLException e) {
                throw SqlFailures.translate(doing, e);
            }
            T result;
            try {
                result = operation.apply(dsl);
            } catch (RuntimeException e) {
                try {
                    frame.connection.rollback(savepoint);
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            try {
                frame.connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                throw SqlFailures.translate(doing, e);
            }
            return result;
        });
    }

    /**
     * Runs a read across every tenant (outbox relay, scheduler, signer) in a transaction of its own:
     * row-level security lets it read, never write, through the {@code system_read} policies.
     */
    <T> T acrossTenants(String doing, Function<DSLContext, T> read) {
        Frame outer = current.get();
        if (outer != null) {
            // joining would widen the caller's transaction to every tenant; keep the scope local
            return runDetached(() -> acrossTenants(doing, read));
        }
        return inTransaction(() -> {
            Frame frame = current.get();
            try {
                if (!frame.systemScope) {
                    frame.dsl.select(DSL.function("set_config", String.class,
                            DSL.val("app.system_scope"), DSL.val("on"), DSL.inline(true))).fetch();
                    frame.systemScope = true;
                }
                return read.apply(frame.dsl);
            } catch (RuntimeException e) {
                throw SqlFailures.translate(doing, e);
            }
        });
    }

    private <T> T runDetached(Supplier<T> work) {
        Frame outer = current.get();
        current.remove();
        try {
            return work.get();
        } finally {
            current.set(outer);
        }
    }

    private Frame open() {
        Connection connection;
        try {
            connection = pool.getConnection();
        } catch (SQLException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "no database connection: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(false);
            return new Frame(connection);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw SqlFailures.translate("begin", e);
        }
    }

    private static void rollback(Frame frame, Throwable cause) {
        try {
            frame.connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void close(Frame frame) {
        try {
            frame.connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "returning a connection to the pool failed", e);
        }
    }
}
