package io.praetor.adapters.memory;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A stable sort of string ids that compares each id's leading chars as one primitive key, so a
 * large batch is sorted as a {@code long[]}. Sorting half a million findings with a comparator
 * loaded each finding and its id's bytes at every comparison; that was a tenth of a first scan
 * (issue 5), almost all of it cache misses. The key packs each char as its rank among the chars the
 * ids use (a finding id's hex digits take 5 bits with the padding, so 8 of them fit); ids that share a key are then
 * compared in full, so the order is exactly {@link String#compareTo}'s.
 */
final class IdSort {
    /** Below this the comparator sort is as fast and needs no key array. */
    static final int KEYED = 4096;
    /** From this many ids the passes over them run in parallel. */
    static final int PARALLEL = 16_384;

    private IdSort() {}

    /**
     * The indexes of {@code ids} in ascending id order, equal ids in index order; and whether an id
     * occurs more than once.
     */
    record Sorted(int[] order, boolean repeats) {}

    static Sorted sort(String[] ids) {
        int n = ids.length;
        if (n < KEYED) {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            Arrays.sort(boxed, (a, b) -> ids[a].compareTo(ids[b])); // stable
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = boxed[i];
            return new Sorted(order, repeats(ids, order, 0, n));
        }
        // every id starts with the same `common` chars (finding ids with "f-"): the key takes the chars after them
        String first = ids[0];
        int common = range(n).map(i -> sharedPrefix(first, ids[i])).min().orElse(0);
        int indexBits = 64 - Long.numberOfLeadingZeros(n - 1L);
        // 63 bits, so a key stays positive. The chars looked at: as many as fit at 5 bits (a hex digit's
        // rank among 16 and the padding); a smaller alphabet leaves bits unused, a larger one keys fewer
        int keyBits = 63 - indexBits;
        int window = keyBits / 5;
        int chunks = n >= PARALLEL ? 64 : 1;
        Alphabet alphabet = IntStream.range(0, chunks).parallel()
                .mapToObj(c -> Alphabet.of(ids, n * c / chunks, n * (c + 1) / chunks, common, window))
                .reduce(Alphabet.NONE, Alphabet::or);
        int[] rank = alphabet.ranks();
        int charBits = rank == null ? 16 : Math.max(1, 32 - Integer.numberOfLeadingZeros(alphabet.count()));
        int chars = Math.min(window, keyBits / charBits);
        long[] keys = new long[n];
        range(n).forEach(i -> {
            String s = ids[i];
            long key = 0;
            for (int c = common; c < common + chars; c++) {
                // a shorter id is padded with 0, below every char's rank (ranks start at 1), so it sorts
                // before any id it is a prefix of (ties are compared in full)
                int ch = c < s.length() ? s.charAt(c) : -1;
                key = key << charBits | (ch < 0 ? 0 : rank == null ? ch : rank[ch]);
            }
            keys[i] = key << indexBits | i;
        });
        Arrays.parallelSort(keys);
        long indexMask = (1L << indexBits) - 1;
        int[] order = new int[n];
        range(n).forEach(i -> order[i] = (int) (keys[i] & indexMask));
        // runs of one key: in index order now (stable), sorted by their full ids (a stable sort keeps them so)
        boolean repeats = false;
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && keys[to] >>> indexBits == keys[from] >>> indexBits) to++;
            if (to - from > 1) {
                Integer[] run = new Integer[to - from];
                for (int k = from; k < to; k++) run[k - from] = order[k];
                Arrays.sort(run, (a, b) -> ids[a].compareTo(ids[b]));
                for (int k = from; k < to; k++) order[k] = run[k - from];
                repeats |= repeats(ids, order, from, to);
            }
            from = to;
        }
        return new Sorted(order, repeats);
    }

    /**
     * The chars (below 128) the keyed part of some ids uses, as a bit set; {@code wide} when one is
     * 128 or above, and the key then takes each char whole.
     */
    private record Alphabet(long low, long high, boolean wide) {
        static final Alphabet NONE = new Alphabet(0, 0, false);

        /** The chars of {@code ids[from..to)} from char {@code at}, at most {@code length} of each. */
        static Alphabet of(String[] ids, int from, int to, int at, int length) {
            long low = 0;
            long high = 0;
            boolean wide = false;
            for (int i = from; i < to; i++) {
                String s = ids[i];
                for (int c = at, end = Math.min(s.length(), at + length); c < end; c++) {
                    char ch = s.charAt(c);
                    if (ch < 64) low |= 1L << ch;
                    else if (ch < 128) high |= 1L << (ch - 64);
                    else wide = true;
                }
            }
            return new Alphabet(low, high, wide);
        }

        Alphabet or(Alphabet other) {
            return new Alphabet(low | other.low, high | other.high, wide || other.wide);
        }

        int count() {
            return Long.bitCount(low) + Long.bitCount(high);
        }

        /** Each used char's rank (from 1, in char order), by char; null when a char is wide. */
        int[] ranks() {
            if (wide) return null;
            int[] rank = new int[128];
            int r = 0;
            for (int ch = 0; ch < 128; ch++) {
                if ((ch < 64 ? low >>> ch : high >>> (ch - 64)) % 2 != 0) rank[ch] = ++r;
            }
            return rank;
        }
    }

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
    private static boolean repeats(String[] ids, int[] order, int from, int to) {
        for (int k = from + 1; k < to; k++) {
            if (ids[order[k]].equals(ids[order[k - 1]])) return true;
        }
        return false;
    }
}
