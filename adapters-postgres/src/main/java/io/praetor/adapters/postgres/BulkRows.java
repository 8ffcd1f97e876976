package io.praetor.adapters.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Large writes through COPY (ADR 0026): rows are streamed with the driver's CopyManager into a
 * session-local staging table ({@code ON COMMIT DELETE ROWS}, no row-level security of its own),
 * then moved into the real table with one {@code INSERT … SELECT} the caller finishes (plain, or
 * with an ON CONFLICT clause). COPY cannot write a table with row-level security, and it must not:
 * the {@code INSERT … SELECT} runs as the application role under the tenant's policies like any
 * other write. Everything happens in the caller's transaction, so a failure anywhere leaves nothing.
 */
final class BulkRows {
    /** Below this many rows a multi-row INSERT costs less than creating and filling a staging table. */
    static final int THRESHOLD = 1_000;
    private static final int FLUSH_BYTES = 1 << 20;

    private BulkRows() {}

    /**
     * Copies {@code rows} (values in the order of {@code fields}) into the staging table of {@code table}
     * and returns the start of an {@code INSERT INTO table (fields) SELECT fields FROM staging}.
     */
    static InsertOnDuplicateStep<Record> stage(DSLContext dsl, Table<Record> table, List<Field<?>> fields,
                                               Iterable<Object[]> rows) {
        Table<Record> staging = DSL.table(DSL.name(table.getName() + "_staging"));
        List<Field<?>> columns = fields.stream().<Field<?>>map(f -> DSL.field(DSL.name(f.getName()), f.getDataType()))
                .toList();
        dsl.createTemporaryTableIfNotExists(staging).columns(columns).onCommitDeleteRows().execute();
        dsl.truncate(staging).execute(); // a second bulk write in the same transaction starts empty
        String copy = "COPY " + dsl.render(staging) + " (" + columns.stream().map(dsl::render)
                .collect(Collectors.joining(", ")) + ") FROM STDIN (FORMAT csv)";
        Connection connection = dsl.configuration().connectionProvider().acquire();
        try {
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES + (1 << 16));
                StringBuilder line = new StringBuilder(2048);
                for (Object[] row : rows) {
                    line.setLength(0);
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) line.append(',');
                        csv(line, row[i]);
                    }
                    line.append('\n');
                    buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                    if (buffer.size() >= FLUSH_BYTES) {
                        in.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                        buffer.reset();
                    }
                }
                if (buffer.size() > 0) in.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                in.endCopy();
            } finally {
                if (in.isActive()) in.cancelCopy();
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("COPY into " + staging.getName() + " failed: "
                    + e.getMessage(), e);
        } finally {
            dsl.configuration().connectionProvider().release(connection);
        }
        return dsl.insertInto(table).columns(fields).select(dsl.select(columns).from(staging));
    }

    /** One CSV field: NULL unquoted and empty, everything else quoted (so "" is the empty string). */
    private static void csv(StringBuilder out, Object value) {
        if (value == null) return;
        String s = switch (value) {
            case JSONB j -> j.data();
            case Instant t -> t.toString();
            case Boolean b -> b ? "t" : "f";
            default -> value.toString();
        };
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') out.append('"');
            out.append(c);
        }
        out.append('"');
    }
}
