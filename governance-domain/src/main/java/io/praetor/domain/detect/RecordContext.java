package io.praetor.domain.detect;

import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.usecase.SnapshotImport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one record sits in the file and what the import says about it; the helpers that every
 * format's normalisation shares (lifting envelope strings, tags, times) and its errors.
 *
 * @param index the record's 1-based index in the file
 */
record RecordContext(long index, int line, int column, SnapshotImport request, Instant importTime) {

    PraetorException invalid(String field, String message) {
        return new PraetorException(ErrorCode.VALIDATION, "record " + index + " (line " + line + "): "
                + field + ": " + message,
                List.of(new InputIssue("", field, line, column, index, message)));
    }

    /** Removes {@code key} and returns its text: strings as they are, other scalars as JSON, absent/null as "". */
    String liftString(Map<String, Object> record, String key) {
        return text(record.remove(key), key);
    }

    String text(Object value, String field) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            case Map<?, ?> m -> throw invalid(field, "expected a string, found an object");
            case List<?> l -> throw invalid(field, "expected a string, found a list");
            default -> JsonTreeWriter.toJson(value);
        };
    }

    /** A tag value: strings as they are, null as "", anything else as its JSON text. */
    static String tagValue(Object value) {
        return switch (value) {
            case null -> "";
            case String s -> s;
            default -> JsonTreeWriter.toJson(value);
        };
    }

    /** Tags from a JSON object (absent or null: none). */
    Map<String, String> tagMap(Object tags, String field) {
        if (tags == null) {
            return Map.of();
        }
        if (!(tags instanceof Map<?, ?> map)) {
            throw invalid(field, "tags must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put((String) e.getKey(), tagValue(e.getValue()));
        }
        return out;
    }

    /** The import's {@code region=} when the record has none. */
    String regionOr(String fromRecord) {
        return fromRecord.isEmpty() ? request.region().orElse("") : fromRecord;
    }

    /** The import's {@code account=} when the record has none. */
    String accountOr(String fromRecord) {
        return fromRecord.isEmpty() ? request.account().orElse("") : fromRecord;
    }

    /**
     * A capture time: an RFC 3339 string (with Z or an offset) or epoch seconds (the AWS JSON
     * protocol's form); absent or null means the import time.
     */
    Instant timeOr(Object value, String field) {
        switch (value) {
            case null -> {
                return importTime;
            }
            case String s -> {
                if (s.isEmpty()) {
                    return importTime;
                }
                Instant fast = io.praetor.domain.json.Rfc3339.parseCommon(s);
                if (fast != null) {
                    return fast;
                }
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e) {
                    throw invalid(field, "not an RFC 3339 time: " + s);
                }
            }
            case Long seconds -> {
                try {
                    return Instant.ofEpochSecond(seconds);
                } catch (java.time.DateTimeException e) {
                    throw invalid(field, "epoch seconds out of range: " + seconds);
                }
            }
            case Double seconds -> {
                // a fuzzed 1e300 or NaN is bad input, not a server error
                try {
                    BigDecimal exact = BigDecimal.valueOf(seconds);
                    long whole = exact.toBigInteger().longValueExact();
                    long nanos = exact.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
                    return Instant.ofEpochSecond(whole, nanos);
                } catch (java.time.DateTimeException | ArithmeticException | NumberFormatException e) {
                    throw invalid(field, "epoch seconds out of range: " + seconds);
                }
            }
            default -> throw invalid(field, "expected a time, found " + JsonTreeWriter.toJson(value));
        }
    }

    /** A nested value by path, or null when any step is absent or not an object. */
    static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
