package io.praetor.adapters.memory;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Predicate;

/**
 * Ids in ascending order, for listings: a sorted array made in one pass from a large write, and a
 * skip list of the ids added one at a time since. A tenant's first scan adds half a million finding
 * ids at once; as skip-list nodes they were two objects per id for every collection to copy, and
 * building them was a fifth of the store's write (ADR 0042).
 *
 * <p>Nothing is taken out: an id whose item is gone, or has moved to another order (a finding to
 * another policy), stays until a rebuild, and the owner's reads skip it ({@code live}). Writers are
 * serialised by the owner and get the order to use from now on from each write; readers take no
 * lock, and an order they hold never loses an id.
 */
final class IdOrder {
    private static final String[] NONE = new String[0];
    /** Ids added one by one beyond this share of the array (plus a floor) rebuild it. */
    private static final int ADDED_SHARE = 4;
    private static final int ADDED_FLOOR = 256;

    /** Ascending and distinct; never changed. */
    private final String[] base;
    /** Ids not in {@link #base}, added since it was made. */
    private final ConcurrentSkipListSet<String> added = new ConcurrentSkipListSet<>();
    /** Written under the owner's lock only. */
    private int addedCount;
    private int goneCount;

    IdOrder() {
        this(NONE);
    }

    private IdOrder(String[] base) {
        this.base = base;
    }

    /**
     * Adds {@code id} if it is not here; returns the order to use from now on: this one, or one made
     * anew without the ids {@code live} refuses when the added ids have grown many.
     */
    IdOrder add(String id, Predicate<String> live) {
        if (Arrays.binarySearch(base, id) >= 0 || !added.add(id)) return this;
        addedCount++;
        return addedCount > base.length / ADDED_SHARE + ADDED_FLOOR ? with(NONE, live) : this;
    }

    /**
     * Records that an id here is no longer live; returns the order to use from now on, made anew
     * without the dead ids when they have grown many.
     */
    IdOrder gone(Predicate<String> live) {
        goneCount++;
        return goneCount > (base.length + addedCount) / ADDED_SHARE + ADDED_FLOOR ? with(NONE, live) : this;
    }

    /**
     * A new order of these ids that {@code live} accepts and {@code ascending} (sorted and distinct),
     * in one merge; {@code live} is asked only when an id was recorded gone.
     */
    IdOrder with(String[] ascending, Predicate<String> live) {
        Predicate<String> keep = goneCount == 0 ? id -> true : live;
        String[] out = new String[base.length + addedCount + ascending.length];
        int n = 0;
        Iterator<String> old = after(null);
        String a = old.hasNext() ? old.next() : null;
        int j = 0;
        while (a != null || j < ascending.length) {
            int order = a == null ? 1 : j == ascending.length ? -1 : a.compareTo(ascending[j]);
            if (order < 0) {
                if (keep.test(a)) out[n++] = a;
                a = old.hasNext() ? old.next() : null;
            } else {
                // an id in both is written once
                if (order == 0) a = old.hasNext() ? old.next() : null;
                out[n++] = ascending[j++];
            }
        }
        return new IdOrder(n == out.length ? out : Arrays.copyOf(out, n));
    }

    /** An order of {@code ascending} (sorted and distinct) alone; the array is kept, not copied. */
    static IdOrder of(String[] ascending) {
        return new IdOrder(ascending);
    }

    /** How many ids it holds, the dead ones included. */
    int size() {
        return base.length + addedCount;
    }

    /** The ids after {@code id} (exclusive; null: from the first), ascending; dead ones included. */
    Iterator<String> after(String id) {
        int from = 0;
        if (id != null) {
            int at = Arrays.binarySearch(base, id);
            from = at >= 0 ? at + 1 : -at - 1;
        }
        Iterator<String> more = (id == null ? added : added.tailSet(id, false)).iterator();
        return new Merge(base, from, more);
    }

    /** The array's ids from an index merged with the skip list's (no id is in both). */
    private static final class Merge implements Iterator<String> {
        private final String[] base;
        private int i;
        private final Iterator<String> more;
        private String nextMore;

        Merge(String[] base, int from, Iterator<String> more) {
            this.base = base;
            this.i = from;
            this.more = more;
            this.nextMore = more.hasNext() ? more.next() : null;
        }

        @Override
        public boolean hasNext() {
            return i < base.length || nextMore != null;
        }

        @Override
        public String next() {
            if (!hasNext()) throw new NoSuchElementException();
            if (nextMore == null || i < base.length && base[i].compareTo(nextMore) < 0) return base[i++];
            String out = nextMore;
            nextMore = more.hasNext() ? more.next() : null;
            return out;
        }
    }
}
