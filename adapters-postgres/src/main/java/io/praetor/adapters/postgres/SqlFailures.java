package io.praetor.adapters.postgres;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns JDBC and jOOQ failures into {@link PraetorException}s by their SQLSTATE. */
final class SqlFailures {
    private SqlFailures() {}

    static PraetorException translate(String doing, Throwable failure) {
        if (failure instanceof PraetorException p) return p;
        String state = sqlState(failure);
        ErrorCode code = codeOf(state, failure);
        return new PraetorException(code, doing + " failed" + (state == null ? "" : " (SQLSTATE " + state + ")")
                + ": " + failure.getMessage(), failure);
    }

    private static ErrorCode codeOf(String state, Throwable failure) {
        if (hasCause(failure, SQLTransientConnectionException.class)) return ErrorCode.DEPENDENCY_UNAVAILABLE;
        if (state == null) return ErrorCode.INTERNAL;
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300")) {
            return ErrorCode.DEPENDENCY_UNAVAILABLE; // connection exceptions, shutdown, too many connections
        }
        if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
            return ErrorCode.CONFLICT; // unique violation, serialization failure, deadlock
        }
        if (state.equals("57014")) return ErrorCode.TRANSIENT; // statement timeout / cancelled
        return ErrorCode.INTERNAL;
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }
}
