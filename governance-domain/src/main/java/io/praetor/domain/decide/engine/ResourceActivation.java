package io.praetor.domain.decide.engine;

import dev.cel.common.values.NullValue;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL value of {@code resource}: the envelope as a map, built once per resource and shared by
 * every policy evaluated over it. JSON {@code null} becomes CEL {@code null}; a properties tree
 * without nulls (the common case) is used as it is, without copying.
 */
public final class ResourceActivation {
    private final Map<String, Object> value;
    private final Optional<Object> resolved;
    private final String id;
    private final String type;

    private ResourceActivation(Map<String, Object> value, String id, String type) {
        this.value = value;
        this.resolved = Optional.of(value);
        this.id = id;
        this.type = type;
    }

    public static ResourceActivation of(Resource r) {
        Map<String, Object> m = Map.ofEntries(
                Map.entry("id", r.id()),
                Map.entry("key", r.key()),
                Map.entry("provider", r.provider()),
                Map.entry("type", r.type()),
                Map.entry("name", r.name()),
                Map.entry("region", r.region()),
                Map.entry("account", r.account()),
                Map.entry("source", r.source()),
                Map.entry("tags", r.tags()),
                Map.entry("properties", celTree(r.properties())),
                Map.entry("observed_at", r.observedAt()));
        return new ResourceActivation(m, r.id(), r.type());
    }

    /**
     * A test resource from a partial envelope (POLICY-FORMAT.md): missing string fields are "",
     * missing tags and properties {}, and {@code observed_at} is the test's {@code now} unless given.
     */
    public static ResourceActivation ofPartial(Map<String, Object> partial, Instant now) {
        Object type = partial.getOrDefault("type", "");
        String typeText = type instanceof String s ? s : String.valueOf(type);
        String provider = text(partial, "provider");
        if (provider.isEmpty()) {
            int dot = typeText.indexOf('.');
            provider = dot < 0 ? typeText : typeText.substring(0, dot);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (partial.get("tags") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> tags.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        Object properties = partial.get("properties") instanceof Map<?, ?> p ? JsonTrees.freeze(p) : Map.of();
        Instant observed = now;
        if (partial.get("observed_at") instanceof String s) {
            try {
                observed = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                observed = now;
            }
        }
        String id = text(partial, "id");
        Map<String, Object> m = Map.ofEntries(
                Map.entry("id", id),
                Map.entry("key", text(partial, "key")),
                Map.entry("provider", provider),
                Map.entry("type", typeText),
                Map.entry("name", text(partial, "name")),
                Map.entry("region", text(partial, "region")),
                Map.entry("account", text(partial, "account")),
                Map.entry("source", text(partial, "source")),
                Map.entry("tags", Collections.unmodifiableMap(tags)),
                Map.entry("properties", celTree(properties)),
                Map.entry("observed_at", observed));
        return new ResourceActivation(m, id, typeText);
    }

    private static String text(Map<String, Object> partial, String key) {
        Object v = partial.get(key);
        return v == null ? "" : v instanceof String s ? s : String.valueOf(v);
    }

    public String id() {
        return id;
    }

    public String type() {
        return type;
    }

    Map<String, Object> value() {
        return value;
    }

    /** {@link #value()} as the variable resolver answers it: one instance shared by every read of every policy. */
    Optional<Object> resolved() {
        return resolved;
    }

    /** The tree with JSON nulls as CEL nulls; the same instance when it holds no null. */
    static Object celTree(Object tree) {
        return hasNull(tree) ? withCelNulls(tree) : tree;
    }

    private static boolean hasNull(Object v) {
        if (v == null) return true;
        if (v instanceof Map<?, ?> m) {
            for (Object child : m.values()) {
                if (hasNull(child)) return true;
            }
        } else if (v instanceof List<?> l) {
            for (Object child : l) {
                if (hasNull(child)) return true;
            }
        }
        return false;
    }

    private static Object withCelNulls(Object v) {
        if (v == null) return NullValue.NULL_VALUE;
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            m.forEach((k, child) -> copy.put(k, withCelNulls(child)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object child : l) copy.add(withCelNulls(child));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}
