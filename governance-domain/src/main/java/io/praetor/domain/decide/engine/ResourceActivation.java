package io.praetor.domain.decide.engine;

import dev.cel.common.values.NullValue;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.SmallJsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The CEL value of {@code resource}: the envelope as a map, built once per resource and shared by
 * every policy evaluated over it. JSON {@code null} is read as CEL {@code null}, through a view of
 * the properties tree rather than a copy of it.
 */
public final class ResourceActivation {
    private final Map<String, Object> value;
    private final Optional<Object> resolved;
    private final String id;
    private final String type;
    /**
     * A frame {@link CompiledPolicy} reuses for the pairs of this resource, kept for the thread that
     * made it (a plain field: another thread reading it sees a frame not its own and leaves it).
     */
    Object reusableFrame;

    private ResourceActivation(Map<String, Object> value, String id, String type) {
        this.value = value;
        this.resolved = Optional.of(value);
        this.id = id;
        this.type = type;
    }

    public static ResourceActivation of(Resource r) {
        // one array, not eleven entries and a hash table: a scan builds this for every resource
        Map<String, Object> m = SmallJsonObject.ofDistinct(new Object[] {
                "id", r.id(),
                "key", r.key(),
                "provider", r.provider(),
                "type", r.type(),
                "name", r.name(),
                "region", r.region(),
                "account", r.account(),
                "source", r.source(),
                "tags", r.tags(),
                "properties", celTree(r.properties()),
                "observed_at", r.observedAt()});
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

    /**
     * The tree with JSON nulls read as CEL nulls: a view that converts what is read, not a copy. A
     * resource's record is a tree of one or two kilobytes, usually with a null somewhere; walking it
     * for nulls and copying it for every resource of a scan was a third of building the activation,
     * and a policy reads only a few of its fields.
     */
    static Object celTree(Object tree) {
        if (tree == null) return NullValue.NULL_VALUE;
        if (tree instanceof Map<?, ?> m) return new CelMap(m);
        if (tree instanceof List<?> l) return new CelList(l);
        return tree;
    }

    /**
     * A JSON object read through {@link #celTree}: its values converted as they are read. The views of
     * a small object's members are kept once made: the twenty policies of a resource read the same
     * few members, and a new view per read was a sixth of what a scan allocated. The activation
     * belongs to one evaluating thread at a time; a race would only make an equal view twice.
     */
    private static final class CelMap extends AbstractMap<Object, Object> {
        private final Map<?, ?> json;
        /** Views of a {@link SmallJsonObject}'s object and array members, by member index; made on first read. */
        private Object[] views;

        CelMap(Map<?, ?> json) {
            this.json = json;
        }

        @Override
        public int size() {
            return json.size();
        }

        @Override
        public boolean containsKey(Object key) {
            return json.containsKey(key);
        }

        @Override
        public Object get(Object key) {
            if (json instanceof SmallJsonObject small) {
                int i = small.memberIndex(key);
                if (i < 0) return null;
                Object v = small.valueAt(i);
                if (v == null) return NullValue.NULL_VALUE;
                if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) return v;
                Object[] made = views;
                if (made == null) views = made = new Object[small.size()];
                Object view = made[i];
                if (view == null) made[i] = view = celTree(v);
                return view;
            }
            Object v = json.get(key);
            if (v != null) return celTree(v);
            return json.containsKey(key) ? NullValue.NULL_VALUE : null;
        }

        @Override
        public Set<Object> keySet() {
            return Collections.unmodifiableSet(json.keySet());
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return json.size();
                }

                @Override
                public Iterator<Entry<Object, Object>> iterator() {
                    Iterator<? extends Entry<?, ?>> entries = json.entrySet().iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return entries.hasNext();
                        }

                        @Override
                        public Entry<Object, Object> next() {
                            Entry<?, ?> e = entries.next();
                            return new SimpleImmutableEntry<>(e.getKey(), celTree(e.getValue()));
                        }
                    };
                }
            };
        }
    }

    /** A JSON array read through {@link #celTree}. */
    private static final class CelList extends AbstractList<Object> implements RandomAccess {
        private final List<?> json;
        /** Views of the object and array items, by index, kept once made (as {@link CelMap}'s). */
        private Object[] views;

        CelList(List<?> json) {
            this.json = json;
        }

        @Override
        public int size() {
            return json.size();
        }

        @Override
        public Object get(int index) {
            Object v = json.get(index);
            if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) return celTree(v);
            Object[] made = views;
            if (made == null) views = made = new Object[json.size()];
            Object view = made[index];
            if (view == null) made[index] = view = celTree(v);
            return view;
        }
    }
}
