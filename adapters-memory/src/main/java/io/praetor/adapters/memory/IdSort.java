package io.praetor.adapters.memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;

/**
 * A stable sort of items by a string id that compares each id's few leading chars as one primitive
 * key, so a large batch is sorted as a {@code long[]}. Sorting half a million findings with a
 * comparator loaded each finding and its id's bytes at every comparison; that was a tenth of a first
 * scan (issue 5), almost all of it cache misses. Ids that share those chars (a key tie) are then
 * compared in full, so the order is exactly {@link String#compareTo}'s.
 */
final class IdSort {
    /** Below this the comparator sort is as fast and needs no key array. */
    static final int KEYED = 4096;

    private IdSort() {}

    /**
     * Sorts {@code items} by {@code id} in place; items of equal id keep their order. Returns whether
     * an id occurs more than once (found while sorting: equal ids have equal keys).
     */
    static <T> boolean sort(T[] items, Function<T, String> id) {
        Comparator<T> byId = Comparator.comparing(id);
        int n = items.length;
        if (n < KEYED) {
            Arrays.sort(items, byId);
            return repeats(items, 0, n, id);
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = id.apply(items[i]);
        // every id starts with the same `common` chars (finding ids with "f-"): the key takes the chars after them
        String first = ids[0];
        int common = first.length();
        int widest = 0;
        for (String s : ids) {
            int c = 0;
            int limit = Math.min(common, s.length());
            while (c < limit && s.charAt(c) == first.charAt(c)) c++;
            common = c;
        }
        int indexBits = 64 - Long.numberOfLeadingZeros(n - 1L);
        // the key's chars: as many of the widest char's width as fit beside the index in 63 bits (a key stays
        // positive); the width is taken over the most chars a key can hold, so every char keyed fits
        int keyBits = 63 - indexBits;
        for (String s : ids) {
            for (int c = common, end = Math.min(s.length(), common + keyBits / 7); c < end; c++) widest |= s.charAt(c);
        }
        int charBits = widest < 0x80 ? 7 : widest < 0x100 ? 8 : 16;
        int chars = keyBits / charBits;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            String s = ids[i];
            long key = 0;
            for (int c = common; c < common + chars; c++) {
                // a shorter id is padded with 0, which sorts it before any id it is a prefix of (ties are compared in full)
                key = key << charBits | (c < s.length() ? s.charAt(c) : 0);
            }
            keys[i] = key << indexBits | i;
        }
        Arrays.parallelSort(keys);
        T[] copy = items.clone();
        long indexMask = (1L << indexBits) - 1;
        for (int i = 0; i < n; i++) items[i] = copy[(int) (keys[i] & indexMask)];
        // runs of one key: in index order now (stable), sorted by their full ids (a stable sort keeps them so)
        boolean repeats = false;
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && keys[to] >>> indexBits == keys[from] >>> indexBits) to++;
            if (to - from > 1) {
                Arrays.sort(items, from, to, byId);
                repeats |= repeats(items, from, to, id);
            }
            from = to;
        }
        return repeats;
    }

    /** Whether two neighbours of the sorted range have one id. */
    private static <T> boolean repeats(T[] sorted, int from, int to, Function<T, String> id) {
        for (int i = from + 1; i < to; i++) {
            if (id.apply(sorted[i]).equals(id.apply(sorted[i - 1]))) return true;
        }
        return false;
    }
}
