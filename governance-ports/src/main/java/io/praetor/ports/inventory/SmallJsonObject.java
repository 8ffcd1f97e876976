package io.praetor.ports.inventory;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object of up to {@link #MAX_KEYS} keys, in source order, kept in one array:
 * nearly every object in an inventory (records included, once their envelope keys are lifted) is
 * this small, and a linked hash map per object would take three to four times the memory. Lookups
 * scan the keys, which for so few costs about what hashing does. Null values are allowed (JSON null).
 * The inventory reader, {@link JsonTrees#freeze} and the domain's JSON objects built in code make
 * them; it lives with the ports so that every frozen tree, whoever froze it, has the same shape.
 */
public final class SmallJsonObject extends AbstractMap<String, Object> {
    /** Objects with more keys than this use a hash map. */
    public static final int MAX_KEYS = 16;

    private final Object[] keysAndValues;

    private SmallJsonObject(Object[] keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    /**
     * Takes ownership of {@code keysAndValues} (key, value, key, value, …): the caller guarantees
     * distinct {@code String} keys, at most {@link #MAX_KEYS} of them, and no longer changes the array.
     */
    public static SmallJsonObject ofDistinct(Object[] keysAndValues) {
        if (keysAndValues.length % 2 != 0 || keysAndValues.length > 2 * MAX_KEYS) {
            throw new IllegalArgumentException("expected up to " + MAX_KEYS + " key-value pairs");
        }
        return new SmallJsonObject(keysAndValues);
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : keysAndValues[i + 1];
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        int i = indexOf(key);
        return i < 0 ? defaultValue : keysAndValues[i + 1];
    }

    private int indexOf(Object key) {
        if (key == null) return -1;
        // a string keeps its hash once computed: comparing hashes first makes each key that is not the
        // one sought two loads and a compare, where equals checks kind, coder and length
        int hash = key.hashCode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object k = keysAndValues[i];
            if (k == key || k.hashCode() == hash && k.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The index (0-based) of the member named {@code key}, or -1: with {@link #valueAt}, one lookup. */
    public int memberIndex(Object key) {
        return indexOf(key) >> 1;
    }

    /** The key of the {@code i}th member (0-based), for writers that walk the object without entries. */
    public String keyAt(int i) {
        return (String) keysAndValues[2 * i];
    }

    /** The value of the {@code i}th member (0-based). */
    public Object valueAt(int i) {
        return keysAndValues[2 * i + 1];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            action.accept((String) keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keysAndValues.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keysAndValues.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) keysAndValues[next],
                                keysAndValues[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }

    /**
     * The object of the first {@code pairs} key-value pairs of {@code buffer} (up to {@link #MAX_KEYS};
     * a repeated key keeps its first place and its last value); {@code buffer} is copied.
     */
    public static SmallJsonObject of(Object[] buffer, int pairs) {
        if (pairs > MAX_KEYS) throw new IllegalArgumentException("more than " + MAX_KEYS + " keys");
        Object[] kv = new Object[pairs * 2];
        int n = 0;
        for (int i = 0; i < pairs * 2; i += 2) {
            int existing = -1;
            for (int j = 0; j < n; j += 2) {
                if (kv[j].equals(buffer[i])) {
                    existing = j;
                    break;
                }
            }
            if (existing >= 0) {
                kv[existing + 1] = buffer[i + 1]; // a repeated key: the last value wins, as in a map
            } else {
                kv[n] = buffer[i];
                kv[n + 1] = buffer[i + 1];
                n += 2;
            }
        }
        return new SmallJsonObject(n == kv.length ? kv : java.util.Arrays.copyOf(kv, n));
    }
}
