package io.praetor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.ErrorCode;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {
    private static ErrorCode codeOf(String sqlState) {
        return SqlFailures.translate("x", new DataAccessException("wrapped", new SQLException("m", sqlState))).code();
    }

    @Test
    void uniqueSerializationAndDeadlockFailures_areConflicts() {
        assertThat(codeOf("23505")).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf("40001")).isEqualTo(ErrorCode.CONFLICT);
        assertThat(codeOf("40P01")).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void connectionFailuresShutdownsAndPoolTimeouts_areDependencyUnavailable() {
        assertThat(codeOf("08006")).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
        assertThat(codeOf("08001")).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
        assertThat(codeOf("57P01")).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
        assertThat(SqlFailures.translate("x", new SQLTransientConnectionException("pool timed out")).code())
                .isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    }

    @Test
    void otherFailures_areInternal() {
        assertThat(codeOf("42P01")).isEqualTo(ErrorCode.INTERNAL);
        assertThat(SqlFailures.translate("x", new IllegalStateException("boom")).code()).isEqualTo(ErrorCode.INTERNAL);
    }
}
