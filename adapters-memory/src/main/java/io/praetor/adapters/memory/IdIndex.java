package io.praetor.adapters.memory;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Values by id twice over: a hash map for O(1) lookups and size, and an id-sorted map for paging.
 * Both hold the same slot per id, so replacing the value of an id already there is one hash lookup:
 * the sorted map is searched only when an id comes or goes (a finding changing status in a tenant of
 * half a million was a skip-list search each time). Writers are serialised on the index; readers never
 * block.
 */
final class IdIndex<V> {
    /** The current value of one id; written under the index's lock. */
    private static final class Slot<V> {
        volatile V value;

        Slot(V value) {
            this.value = value;
        }
    }

    /** Replaced whole (not changed) by a large {@link #putAllSorted}; readers take whichever is current. */
    private volatile ConcurrentHashMap<String, Slot<V>> byId = new ConcurrentHashMap<>();
    private volatile ConcurrentSkipListMap<String, Slot<V>> sorted = new ConcurrentSkipListMap<>();

    V get(String id) {
        Slot<V> slot = byId.get(id);
        return slot == null ? null : slot.value;
    }

    /** Stores {@code value} under {@code id}; returns the value it replaced, or null. */
    synchronized V put(String id, V value) {
        Slot<V> slot = byId.get(id);
        if (slot != null) {
            V previous = slot.value;
            slot.value = value;
            return previous;
        }
        slot = new Slot<>(value);
        sorted.put(id, slot);
        byId.put(id, slot);
        return null;
    }

    /**
     * Stores {@code values[i]} under {@code ids[i]}, the ids ascending and distinct; {@code previous[i]}
     * gets the value replaced, or null. When the new ids are many next to those stored (a tenant's first
     * scan) both maps are built anew from the merged sorted ids: linear, where half a million skip-list
     * inserts (and the hash map's resizes) were a sixth of a first scan.
     */
    synchronized void putAllSorted(String[] ids, V[] values, V[] previous) {
        ConcurrentHashMap<String, Slot<V>> current = byId;
        boolean empty = current.isEmpty();
        @SuppressWarnings("unchecked")
        Slot<V>[] added = new Slot[ids.length];
        int adding = 0;
        for (int i = 0; i < ids.length; i++) {
            Slot<V> slot = empty ? null : current.get(ids[i]);
            if (slot != null) {
                previous[i] = slot.value;
                slot.value = values[i];
            } else {
                previous[i] = null;
                added[i] = new Slot<>(values[i]);
                adding++;
            }
        }
        if (adding == 0) return;
        if ((long) adding * REBUILD_RATIO < current.size()) {
            for (int i = 0; i < ids.length; i++) {
                if (added[i] == null) continue;
                sorted.put(ids[i], added[i]);
                current.put(ids[i], added[i]);
            }
            return;
        }
        ConcurrentHashMap<String, Slot<V>> rebuilt = new ConcurrentHashMap<>(current.size() + adding);
        @SuppressWarnings("unchecked")
        ConcurrentSkipListMap<String, Slot<V>>[] merged = new ConcurrentSkipListMap[1];
        Runnable buildSorted = () -> merged[0] = SortedMerge.of(sorted, ids, added);
        Runnable fillHash = () -> {
            rebuilt.putAll(current);
            for (int i = 0; i < ids.length; i++) {
                if (added[i] != null) rebuilt.put(ids[i], added[i]);
            }
        };
        if (adding >= PARALLEL_REBUILD) {
            // the two maps are independent: built at once, on two cores (a first scan's half a million ids)
            java.util.stream.Stream.of(buildSorted, fillHash).parallel().forEach(Runnable::run);
        } else {
            buildSorted.run();
            fillHash.run();
        }
        // the sorted map first: a reader that finds an id in byId may page from it in the sorted map
        sorted = merged[0];
        byId = rebuilt;
    }

    /** From this many new ids a rebuild makes the two maps at once. */
    private static final int PARALLEL_REBUILD = 4096;

    /** New ids fewer than the stored ones over this are inserted one by one; more rebuild the maps. */
    private static final int REBUILD_RATIO = 4;

    /** Removes {@code id}; returns the value it had, or null. */
    synchronized V remove(String id) {
        Slot<V> slot = byId.remove(id);
        if (slot == null) return null;
        sorted.remove(id);
        return slot.value;
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
        return new Values<>(byId.values());
    }

    int size() {
        return byId.size();
    }

    /** A live view of the values in id order. */
    Collection<V> sorted() {
        return new Values<>(sorted.values());
    }

    /** A live view of the (id, value) pairs after {@code id} (exclusive; null: from the first), in id order. */
    Iterator<Map.Entry<String, V>> entriesAfter(String id) {
        NavigableMap<String, Slot<V>> rest = id == null ? sorted : sorted.tailMap(id, false);
        Iterator<Map.Entry<String, Slot<V>>> slots = rest.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return slots.hasNext();
            }

            @Override
            public Map.Entry<String, V> next() {
                Map.Entry<String, Slot<V>> e = slots.next();
                return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue().value);
            }
        };
    }

    /** The values of a collection of slots. */
    private static final class Values<V> extends AbstractCollection<V> {
        private final Collection<Slot<V>> slots;

        Values(Collection<Slot<V>> slots) {
            this.slots = slots;
        }

        @Override
        public Iterator<V> iterator() {
            Iterator<Slot<V>> it = slots.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public V next() {
                    return it.next().value;
                }
            };
        }

        @Override
        public int size() {
            return slots.size();
        }
    }
}
