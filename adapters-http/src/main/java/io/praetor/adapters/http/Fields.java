package io.praetor.adapters.http;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads of a JSON request object; a wrong or missing field is VALIDATION with its JSON pointer. */
final class Fields {
    private Fields() {}

    static String string(Map<String, Object> body, String name) {
        return optString(body, name).orElseThrow(() -> invalid(name, "is required"));
    }

    static Optional<String> optString(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) return Optional.empty();
        if (!(v instanceof String s)) throw invalid(name, "must be a string");
        return Optional.of(s);
    }

    static boolean bool(Map<String, Object> body, String name, boolean otherwise) {
        Object v = body.get(name);
        if (v == null) return otherwise;
        if (!(v instanceof Boolean b)) throw invalid(name, "must be true or false");
        return b;
    }

    static Optional<Long> optLong(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) return Optional.empty();
        if (!(v instanceof Long l)) throw invalid(name, "must be an integer");
        return Optional.of(l);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw invalid(name, "must be an object");
        return (Map<String, Object>) m;
    }

    static Optional<List<?>> optList(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) return Optional.empty();
        if (!(v instanceof List<?> l)) throw invalid(name, "must be a list");
        return Optional.of(l);
    }

    static Instant instant(Map<String, Object> body, String name) {
        String s = string(body, name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
        }
    }

    static PraetorException invalid(String name, String problem) {
        return new PraetorException(ErrorCode.VALIDATION, name + " " + problem,
                List.of(InputIssue.pointer("/" + name, name + " " + problem)));
    }
}
