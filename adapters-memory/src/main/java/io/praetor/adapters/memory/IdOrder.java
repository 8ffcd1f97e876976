package io.praetor.adapters.memory;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Ids in ascending order, each with its slot (what the owner keeps for it, {@link IdIndex.Slot}), for
 * listings: sorted arrays made in one pass by a large write, and a skip list of the ids added one at
 * a time since. A tenant's first scan adds half a million finding ids at once; as skip-list nodes
 * they were two objects per id for every collection to copy, and building them was a fifth of the
 * store's write (ADR 0042). A walk reads the slots beside the ids, without a lookup per id.
 *
 * <p>A hashed order ({@link #hashed()}) also keeps an open-addressing table over the arrays, so
 * {@link #find} is a probe, not a binary search: an {@link IdIndex} looks its ids up here rather than
 * in a hash map of its own, which was one more node per id (ADR 0044).
 *
 * <p>Nothing is taken out: an id whose slot is dead (its item gone, or a finding moved to another
 * policy) stays until a rebuild, and walks pass over it ({@code live}). Writers are serialised by the
 * owner and get the order to use from now on from each write; readers take no lock, and an order
 * they hold never loses an id.
 */
final class IdOrder<S> {
    private static final String[] NO_IDS = new String[0];
    private static final Object[] NO_SLOTS = new Object[0];
    /** Fibonacci hashing: the golden ratio's multiplier spreads a string hash over the table's top bits. */
    private static final int SPREAD = 0x9E3779B9;
    /** Ids added one by one beyond this share of the arrays (plus a floor) rebuild them. */
    private static final int ADDED_SHARE = 4;
    private static final int ADDED_FLOOR = 256;

    /** Ascending and distinct; never changed. */
    private final String[] ids;
    /** {@code slots[i]} is the slot of {@code ids[i]}; never changed. */
    private final Object[] slots;
    /**
     * For a hashed order, 1 + the index in {@link #ids} of the id at each entry (0: empty), a power of
     * two long and at most two thirds full, with linear probing; null otherwise. Never changed.
     */
    private final int[] table;
    /** Ids not in {@link #ids}, added since it was made. */
    private final ConcurrentSkipListMap<String, S> added = new ConcurrentSkipListMap<>();
    /** Written under the owner's lock only. */
    private int addedCount;
    private int goneCount;

    /** An empty order whose lookups search the arrays (the orders it makes do the same). */
    IdOrder() {
        this(NO_IDS, NO_SLOTS, false);
    }

    private IdOrder(String[] ids, Object[] slots, boolean hashed) {
        this.ids = ids;
        this.slots = slots;
        this.table = hashed ? table(ids) : null;
    }

    /** An empty order whose lookups probe a hash table (the orders it makes do the same). */
    static <S> IdOrder<S> hashed() {
        return new IdOrder<>(NO_IDS, NO_SLOTS, true);
    }

    /**
     * An order of {@code ascending} (sorted and distinct) and their slots, hashed or not; the arrays
     * are kept, not copied.
     */
    static <S> IdOrder<S> of(String[] ascending, S[] slots, boolean hashed) {
        return new IdOrder<>(ascending, slots, hashed);
    }

    /** The slot of {@code id}, live or dead, or null when the id is not here. */
    @SuppressWarnings("unchecked")
    S find(String id) {
        int at = table == null ? Arrays.binarySearch(ids, id) : probe(table, ids, id);
        return at >= 0 ? (S) slots[at] : added.get(id);
    }

    /** The index of {@code id} in {@code ids} by way of {@code table}, or -1. */
    private static int probe(int[] table, String[] ids, String id) {
        int mask = table.length - 1;
        for (int at = start(id, table.length); ; at = (at + 1) & mask) {
            int entry = table[at];
            if (entry == 0) return -1;
            if (ids[entry - 1].equals(id)) return entry - 1;
        }
    }

    /** The table of {@code ids} (distinct): see {@link #table}. No ids make two empty entries. */
    private static int[] table(String[] ids) {
        int size = Integer.highestOneBit(Math.max(2, ids.length + ids.length / 2) - 1) << 1;
        int[] table = new int[size];
        int mask = size - 1;
        for (int i = 0; i < ids.length; i++) {
            int at = start(ids[i], size);
            while (table[at] != 0) at = (at + 1) & mask;
            table[at] = i + 1;
        }
        return table;
    }

    /** Where the probe for {@code id} starts in a table of {@code size} (a power of two) entries. */
    private static int start(String id, int size) {
        return (id.hashCode() * SPREAD) >>> (32 - Integer.numberOfTrailingZeros(size));
    }

    /**
     * Adds {@code id}, which is not here ({@link #find} says so), with its slot; returns the order to
     * use from now on: this one, or one made anew without the dead slots when the added ids grew many.
     */
    IdOrder<S> add(String id, S slot, Predicate<S> live) {
        if (added.putIfAbsent(id, slot) != null) return this;
        addedCount++;
        return addedCount > ids.length / ADDED_SHARE + ADDED_FLOOR ? with(NO_IDS, null, live) : this;
    }

    /**
     * Records that a slot here has died; returns the order to use from now on, made anew without the
     * dead slots when they have grown many.
     */
    IdOrder<S> gone(Predicate<S> live) {
        goneCount++;
        return goneCount > (ids.length + addedCount) / ADDED_SHARE + ADDED_FLOOR ? with(NO_IDS, null, live) : this;
    }

    /**
     * A new order of the ids here whose slot {@code live} accepts (asked only when some died) and of
     * {@code ascending} (sorted and distinct) with {@code newSlots}, in one merge; an id already here
     * takes its new slot.
     */
    IdOrder<S> with(String[] ascending, S[] newSlots, Predicate<S> live) {
        boolean filter = goneCount > 0;
        int capacity = ids.length + addedCount + ascending.length;
        String[] outIds = new String[capacity];
        Object[] outSlots = new Object[capacity];
        int n = 0;
        Walk<S> old = walk(null);
        boolean more = old.next();
        int j = 0;
        while (more || j < ascending.length) {
            int order = !more ? 1 : j == ascending.length ? -1 : old.id().compareTo(ascending[j]);
            if (order < 0) {
                if (!filter || live.test(old.slot())) {
                    outIds[n] = old.id();
                    outSlots[n++] = old.slot();
                }
                more = old.next();
            } else {
                // an id in both keeps the new slot
                if (order == 0) more = old.next();
                outIds[n] = ascending[j];
                outSlots[n++] = newSlots[j++];
            }
        }
        if (n < capacity) {
            outIds = Arrays.copyOf(outIds, n);
            outSlots = Arrays.copyOf(outSlots, n);
        }
        return new IdOrder<>(outIds, outSlots, table != null);
    }

    /** How many ids it holds, the dead ones included. */
    int size() {
        return ids.length + addedCount;
    }

    /** A walk over the ids after {@code id} (exclusive; null: from the first), ascending; dead ones included. */
    Walk<S> walk(String id) {
        int from = 0;
        if (id != null) {
            int at = Arrays.binarySearch(ids, id);
            from = at >= 0 ? at + 1 : -at - 1;
        }
        Iterator<Map.Entry<String, S>> more = (id == null ? added : added.tailMap(id, false)).entrySet().iterator();
        return new Walk<>(ids, slots, from, more);
    }

    /** The arrays' ids from an index merged with the skip list's (no id is in both); {@link #next} moves. */
    static final class Walk<S> {
        private final String[] ids;
        private final Object[] slots;
        private int i;
        private final Iterator<Map.Entry<String, S>> more;
        private Map.Entry<String, S> nextMore;
        private String id;
        private S slot;

        private Walk(String[] ids, Object[] slots, int from, Iterator<Map.Entry<String, S>> more) {
            this.ids = ids;
            this.slots = slots;
            this.i = from;
            this.more = more;
            this.nextMore = more.hasNext() ? more.next() : null;
        }

        /** Moves to the next id; false when there is none. */
        @SuppressWarnings("unchecked")
        boolean next() {
            if (i < ids.length && (nextMore == null || ids[i].compareTo(nextMore.getKey()) < 0)) {
                id = ids[i];
                slot = (S) slots[i++];
                return true;
            }
            if (nextMore == null) return false;
            id = nextMore.getKey();
            slot = nextMore.getValue();
            nextMore = more.hasNext() ? more.next() : null;
            return true;
        }

        String id() {
            return id;
        }

        S slot() {
            return slot;
        }
    }
}
