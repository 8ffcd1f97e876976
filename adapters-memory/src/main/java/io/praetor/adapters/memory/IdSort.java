package io.praetor.adapters.memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.IntStream;

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
        // each pass reads every item's id (cache misses, mostly): a large batch's passes run on every core
        String[] ids = new String[n];
        range(n).forEach(i -> ids[i] = id.apply(items[i]));
        // every id starts with the same `common` chars (finding ids with "f-"): the key takes the chars after them
        String first = ids[0];
        int common = range(n).map(i -> sharedPrefix(first, ids[i])).min().orElse(0);
        int indexBits = 64 - Long.numberOfLeadingZeros(n - 1L);
        // the key's chars: as many of the widest char's width as fit beside the index in 63 bits (a key stays
        // positive); the width is taken over the most chars a key can hold, so every char keyed fits
        int keyBits = 63 - indexBits;
        int widest = range(n).map(i -> {
            String s = ids[i];
            int w = 0;
            for (int c = common, end = Math.min(s.length(), common + keyBits / 7); c < end; c++) w |= s.charAt(c);
            return w;
        }).reduce(0, (a, b) -> a | b);
        int charBits = widest < 0x80 ? 7 : widest < 0x100 ? 8 : 16;
        int chars = keyBits / charBits;
        long[] keys = new long[n];
        range(n).forEach(i -> {
            String s = ids[i];
            long key = 0;
            for (int c = common; c < common + chars; c++) {
                // a shorter id is padded with 0, which sorts it before any id it is a prefix of (ties are compared in full)
                key = key << charBits | (c < s.length() ? s.charAt(c) : 0);
            }
            keys[i] = key << indexBits | i;
        });
        Arrays.parallelSort(keys);
        T[] copy = items.clone();
        long indexMask = (1L << indexBits) - 1;
        range(n).forEach(i -> items[i] = copy[(int) (keys[i] & indexMask)]);
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

    /** From this many items the passes over the ids run in parallel. */
    static final int PARALLEL = 16_384;

    private static IntStream range(int n) {
        return n >= PARALLEL ? IntStream.range(0, n).parallel() : IntStream.range(0, n);
    }

    /** How many leading chars {@code a} and {@code b} share. */
    private static int sharedPrefix(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int c = 0;
        while (c < limit && a.charAt(c) == b.charAt(c)) c++;
        return c;
    }

    /** Whether two neighbours of the sorted range have one id. */
    private static <T> boolean repeats(T[] sorted, int from, int to, Function<T, String> id) {
        for (int i = from + 1; i < to; i++) {
            if (id.apply(sorted[i]).equals(id.apply(sorted[i - 1]))) return true;
        }
        return false;
    }
}
