package io.praetor.adapters.memory;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Values by id, with the ids in order for paging: a hash map for lookups and size, and an
 * {@link IdOrder}. Both hold the same {@link Slot} per id, so replacing the value of an id already here
 * is one hash lookup, and a walk in id order reads each value beside its id. Writers are serialised
 * on the index; readers never block.
 */
final class IdIndex<V> {
    /** The current value of one id; null once removed (a removed id's slot is taken again if it comes back). */
    static final class Slot<V> {
        volatile V value;

        Slot(V value) {
            this.value = value;
        }
    }

    private final Predicate<Slot<V>> live = slot -> slot.value != null;
    /** Replaced whole (not changed) when a large {@link #putAllSorted} fills an empty index. */
    private volatile ConcurrentHashMap<String, Slot<V>> byId = new ConcurrentHashMap<>();
    /** Holds the removed ids' dead slots too: readers skip those. */
    private volatile IdOrder<Slot<V>> order = new IdOrder<>();

    V get(String id) {
        Slot<V> slot = byId.get(id);
        return slot == null ? null : slot.value;
    }

    /** The slot of a stored id, for an index of the same items kept elsewhere (a policy's findings); null when absent. */
    Slot<V> slot(String id) {
        return byId.get(id);
    }

    /** Stores {@code value} under {@code id}; returns the value it replaced, or null. */
    synchronized V put(String id, V value) {
        Slot<V> slot = byId.get(id);
        if (slot != null) {
            V previous = slot.value;
            slot.value = value;
            return previous;
        }
        slot = order.find(id);
        if (slot != null) {
            // a removed id back: its dead slot in the order lives again
            slot.value = value;
        } else {
            slot = new Slot<>(value);
            order = order.add(id, slot, live);
        }
        byId.put(id, slot);
        return null;
    }

    /**
     * Stores {@code values[i]} under {@code ids[i]}, the ids ascending and distinct; {@code previous[i]}
     * gets the value replaced, or null, and {@code slots[i]} the id's slot. The index may keep {@code ids}
     * and {@code slots}: the caller must not change them afterwards. When the new ids are many
     * next to those here (a tenant's first scan) the order is made anew in one merge; an empty index
     * gets a hash map sized for them, filled on every core.
     */
    synchronized void putAllSorted(String[] ids, V[] values, V[] previous, Slot<V>[] slots) {
        ConcurrentHashMap<String, Slot<V>> map = byId;
        int n = ids.length;
        if (map.isEmpty() && order.size() == 0 && n >= PARALLEL_FILL) {
            ConcurrentHashMap<String, Slot<V>> filled = new ConcurrentHashMap<>(n);
            IntStream.range(0, n).parallel().forEach(i -> {
                slots[i] = new Slot<>(values[i]);
                filled.put(ids[i], slots[i]);
            });
            java.util.Arrays.fill(previous, null);
            // the order first: a reader that finds an id in the map may page from it. It keeps the two
            // arrays (half a million entries each in a first scan), which the caller no longer changes
            order = IdOrder.of(ids, slots);
            byId = filled;
            return;
        }
        int adding = 0;
        boolean[] isNew = new boolean[n];
        for (int i = 0; i < n; i++) {
            Slot<V> slot = map.get(ids[i]);
            if (slot != null) {
                previous[i] = slot.value;
                slot.value = values[i];
            } else {
                previous[i] = null;
                slot = order.find(ids[i]);
                if (slot != null) {
                    slot.value = values[i];
                } else {
                    slot = new Slot<>(values[i]);
                    isNew[i] = true;
                    adding++;
                }
                map.put(ids[i], slot);
            }
            slots[i] = slot;
        }
        if (adding == 0) return;
        if ((long) adding * REBUILD_RATIO < order.size()) {
            for (int i = 0; i < n; i++) {
                if (isNew[i]) order = order.add(ids[i], slots[i], live);
            }
            return;
        }
        String[] addedIds = new String[adding];
        @SuppressWarnings("unchecked")
        Slot<V>[] addedSlots = new Slot[adding];
        for (int i = 0, k = 0; i < n; i++) {
            if (isNew[i]) {
                addedIds[k] = ids[i];
                addedSlots[k++] = slots[i];
            }
        }
        order = order.with(addedIds, addedSlots, live);
    }

    /** From this many ids an empty index is filled on every core. */
    private static final int PARALLEL_FILL = 4096;

    /** New ids fewer than the ordered ones over this are added one by one; more make the order anew. */
    private static final int REBUILD_RATIO = 4;

    /** Removes {@code id}; returns the value it had, or null. */
    synchronized V remove(String id) {
        Slot<V> slot = byId.remove(id);
        if (slot == null) return null;
        V previous = slot.value;
        slot.value = null;
        order = order.gone(live);
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
        Collection<Slot<V>> slots = byId.values();
        return view(() -> {
            Iterator<Slot<V>> it = slots.iterator();
            return () -> it.hasNext() ? it.next() : null;
        });
    }

    int size() {
        return byId.size();
    }

    /** A live view of the values in id order. */
    Collection<V> sorted() {
        return view(() -> {
            IdOrder.Walk<Slot<V>> walk = order.walk(null);
            return () -> walk.next() ? walk.slot() : null;
        });
    }

    /** The live values of the slots each walk gives (null: the walk has ended), one walk per iterator. */
    private Collection<V> view(Supplier<Supplier<Slot<V>>> walks) {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new Values<>(walks.get());
            }

            @Override
            public int size() {
                return byId.size();
            }
        };
    }

    /** A live view of the (id, value) pairs after {@code id} (exclusive; null: from the first), in id order. */
    Iterator<Map.Entry<String, V>> entriesAfter(String id) {
        IdOrder.Walk<Slot<V>> walk = order.walk(id);
        return new Iterator<>() {
            private Map.Entry<String, V> next = advance();

            private Map.Entry<String, V> advance() {
                while (walk.next()) {
                    V value = walk.slot().value;
                    if (value != null) return new AbstractMap.SimpleImmutableEntry<>(walk.id(), value);
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

    /** The live values of a run of slots (null: the run has ended), skipping the dead ones. */
    private static final class Values<V> implements Iterator<V> {
        private final Supplier<Slot<V>> slots;
        private V next;
        private boolean ready;

        Values(Supplier<Slot<V>> slots) {
            this.slots = slots;
        }

        @Override
        public boolean hasNext() {
            while (!ready) {
                Slot<V> slot = slots.get();
                if (slot == null) {
                    ready = true;
                    next = null;
                    break;
                }
                V value = slot.value;
                if (value != null) {
                    next = value;
                    ready = true;
                }
            }
            return next != null;
        }

        @Override
        public V next() {
            if (!hasNext()) throw new NoSuchElementException();
            ready = false;
            return next;
        }
    }
}
