package io.praetor.adapters.memory;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Values by id, with the ids in order for paging: one {@link IdOrder}, hashed, answers both lookups
 * and walks. It holds a {@link Slot} per id, so replacing the value of an id already here is one
 * probe, and a walk in id order reads each value beside its id. Writers are serialised on the index;
 * readers never block.
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
    /** Holds the removed ids' dead slots too: readers skip those. */
    private volatile IdOrder<Slot<V>> order = IdOrder.hashed();
    /** How many ids have a live slot; written under the lock. */
    private volatile int size;

    V get(String id) {
        Slot<V> slot = order.find(id);
        return slot == null ? null : slot.value;
    }

    /** The slot of a stored id, for an index of the same items kept elsewhere (a policy's findings); null when absent. */
    Slot<V> slot(String id) {
        Slot<V> slot = order.find(id);
        return slot == null || slot.value == null ? null : slot;
    }

    /** Stores {@code value} under {@code id}; returns the value it replaced, or null. */
    synchronized V put(String id, V value) {
        Slot<V> slot = order.find(id);
        if (slot == null) {
            order = order.add(id, new Slot<>(value), live);
            size++;
            return null;
        }
        // a removed id back: its dead slot in the order lives again
        V previous = slot.value;
        slot.value = value;
        if (previous == null) size++;
        return previous;
    }

    /**
     * Stores {@code values[i]} under {@code ids[i]}, the ids ascending and distinct; {@code previous[i]}
     * gets the value replaced, or null, and {@code slots[i]} the id's slot. The index may keep {@code ids}
     * and {@code slots}: the caller must not change them afterwards. When the new ids are many
     * next to those here (a tenant's first scan) the order is made anew in one merge; an empty index
     * takes the two arrays as its order.
     */
    synchronized void putAllSorted(String[] ids, V[] values, V[] previous, Slot<V>[] slots) {
        IdOrder<Slot<V>> current = order;
        int n = ids.length;
        if (current.size() == 0) {
            // on every core for a large write; each id's hash is computed here too (a string keeps it)
            // so the order's table, built on this thread, only places them
            IntStream range = IntStream.range(0, n);
            (n >= PARALLEL_FILL ? range.parallel() : range).forEach(i -> {
                slots[i] = new Slot<>(values[i]);
                ids[i].hashCode();
            });
            java.util.Arrays.fill(previous, null);
            // half a million entries each in a first scan, which the caller no longer changes
            order = IdOrder.of(ids, slots, true);
            size = n;
            return;
        }
        int adding = 0;
        int revived = 0;
        boolean[] isNew = new boolean[n];
        for (int i = 0; i < n; i++) {
            Slot<V> slot = current.find(ids[i]);
            if (slot != null) {
                previous[i] = slot.value;
                if (previous[i] == null) revived++;
                slot.value = values[i];
            } else {
                previous[i] = null;
                slot = new Slot<>(values[i]);
                isNew[i] = true;
                adding++;
            }
            slots[i] = slot;
        }
        size += revived;
        if (adding == 0) return;
        if ((long) adding * REBUILD_RATIO < current.size()) {
            for (int i = 0; i < n; i++) {
                if (isNew[i]) {
                    order = order.add(ids[i], slots[i], live);
                    size++;
                }
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
        order = current.with(addedIds, addedSlots, live);
        size += adding;
    }

    /** From this many ids an empty index makes their slots on every core. */
    private static final int PARALLEL_FILL = 4096;

    /** New ids fewer than the ordered ones over this are added one by one; more make the order anew. */
    private static final int REBUILD_RATIO = 4;

    /** Removes {@code id}; returns the value it had, or null. */
    synchronized V remove(String id) {
        Slot<V> slot = order.find(id);
        if (slot == null || slot.value == null) return null;
        V previous = slot.value;
        slot.value = null;
        size--;
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

    int size() {
        return size;
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
                return size;
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
