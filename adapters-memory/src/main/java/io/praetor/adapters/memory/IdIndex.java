package io.praetor.adapters.memory;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Values by id, with the ids in order for paging: a hash map for lookups and size, and an
 * {@link IdOrder} that is only written when an id comes (replacing the value of an id already here
 * is one hash write). Writers are serialised on the index; readers never block.
 */
final class IdIndex<V> {
    /** Replaced whole (not changed) when a large {@link #putAllSorted} fills an empty index. */
    private volatile ConcurrentHashMap<String, V> byId = new ConcurrentHashMap<>();
    /** May hold ids that are gone (removed): readers skip those. */
    private volatile IdOrder order = new IdOrder();

    V get(String id) {
        return byId.get(id);
    }

    /** Stores {@code value} under {@code id}; returns the value it replaced, or null. */
    synchronized V put(String id, V value) {
        ConcurrentHashMap<String, V> map = byId;
        V previous = map.put(id, value);
        if (previous == null) order = order.add(id, map::containsKey);
        return previous;
    }

    /**
     * Stores {@code values[i]} under {@code ids[i]}, the ids ascending and distinct; {@code previous[i]}
     * gets the value replaced, or null. When the new ids are many next to those here (a tenant's first
     * scan) the order is made anew in one merge; an empty index gets a hash map sized for them, filled
     * on every core.
     */
    synchronized void putAllSorted(String[] ids, V[] values, V[] previous) {
        ConcurrentHashMap<String, V> map = byId;
        int n = ids.length;
        if (map.isEmpty() && n >= PARALLEL_FILL) {
            ConcurrentHashMap<String, V> filled = new ConcurrentHashMap<>(n);
            IntStream.range(0, n).parallel().forEach(i -> filled.put(ids[i], values[i]));
            java.util.Arrays.fill(previous, null);
            // the order first: a reader that finds an id in the map may page from it
            order = IdOrder.of(ids.clone());
            byId = filled;
            return;
        }
        int adding = 0;
        for (int i = 0; i < n; i++) {
            previous[i] = map.put(ids[i], values[i]);
            if (previous[i] == null) adding++;
        }
        if (adding == 0) return;
        if ((long) adding * REBUILD_RATIO < order.size()) {
            for (int i = 0; i < n; i++) {
                if (previous[i] == null) order = order.add(ids[i], map::containsKey);
            }
            return;
        }
        String[] added = new String[adding];
        for (int i = 0, k = 0; i < n; i++) {
            if (previous[i] == null) added[k++] = ids[i];
        }
        order = order.with(added, map::containsKey);
    }

    /** From this many ids an empty index is filled on every core. */
    private static final int PARALLEL_FILL = 4096;

    /** New ids fewer than the ordered ones over this are added one by one; more make the order anew. */
    private static final int REBUILD_RATIO = 4;

    /** Removes {@code id}; returns the value it had, or null. */
    synchronized V remove(String id) {
        ConcurrentHashMap<String, V> map = byId;
        V previous = map.remove(id);
        if (previous != null) order = order.gone(map::containsKey);
        return previous;
    }

    /** Puts back {@code previous} (null: removes), to undo a write. */
    void restore(String id, V previous) {
        if (previous == null) {
            remove(id);
        } else {
            put(id, previous);
        }
    }

    /** A live view in no particular order (cheaper to walk than {@link #sorted()} when order does not matter). */
    Collection<V> values() {
        return java.util.Collections.unmodifiableCollection(byId.values());
    }

    int size() {
        return byId.size();
    }

    /** A live view of the values in id order. */
    Collection<V> sorted() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                Iterator<Map.Entry<String, V>> entries = entriesAfter(null);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public V next() {
                        return entries.next().getValue();
                    }
                };
            }

            @Override
            public int size() {
                return byId.size();
            }
        };
    }

    /** A live view of the (id, value) pairs after {@code id} (exclusive; null: from the first), in id order. */
    Iterator<Map.Entry<String, V>> entriesAfter(String id) {
        // the order is read first: every id in the map it is paired with is in it
        Iterator<String> ids = order.after(id);
        ConcurrentHashMap<String, V> map = byId;
        return new Iterator<>() {
            private Map.Entry<String, V> next = advance();

            private Map.Entry<String, V> advance() {
                while (ids.hasNext()) {
                    String key = ids.next();
                    V value = map.get(key);
                    if (value != null) return new AbstractMap.SimpleImmutableEntry<>(key, value);
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<String, V> next() {
                if (next == null) throw new NoSuchElementException();
                Map.Entry<String, V> out = next;
                next = advance();
                return out;
            }
        };
    }
}
