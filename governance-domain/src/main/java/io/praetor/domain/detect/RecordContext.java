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
                Instant fast = utcInstant(s);
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

    /**
     * The common {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} form read directly, since a large import
     * has one per record and the general parser is slow; null for any other form (the caller then
     * uses {@link OffsetDateTime#parse}), and for values out of range.
     */
    static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - (n - 21)];
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};

    /** The decimal value of {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
