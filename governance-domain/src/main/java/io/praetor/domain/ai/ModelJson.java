package io.praetor.domain.ai;

import io.praetor.domain.json.JsonTreeReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading what the model wrote: untrusted JSON, checked field by field; anything off is {@link ModelGuard.Garbage}. */
final class ModelJson {
    private ModelJson() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        String t = text.strip();
        // some servers wrap structured output in a Markdown fence
        if (t.startsWith("```")) {
            int first = t.indexOf('\n');
            int last = t.lastIndexOf("```");
            if (first > 0 && last > first) t = t.substring(first + 1, last).strip();
        }
        Object tree;
        try {
            tree = JsonTreeReader.read(t);
        } catch (RuntimeException e) {
            throw new ModelGuard.Garbage("not JSON");
        }
        if (!(tree instanceof Map<?, ?> m)) throw new ModelGuard.Garbage("not a JSON object");
        return (Map<String, Object>) m;
    }

    static Optional<String> string(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    static Optional<Double> number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n && Double.isFinite(n.doubleValue()) ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) return List.of();
        return l.stream().filter(x -> x instanceof Map).map(x -> (Map<String, Object>) x).toList();
    }
}
