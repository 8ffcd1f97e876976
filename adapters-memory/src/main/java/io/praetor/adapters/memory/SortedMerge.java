package io.praetor.adapters.memory;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A new skip-list map of a sorted map's entries merged with sorted new ones, built in one pass:
 * {@link ConcurrentSkipListMap#ConcurrentSkipListMap(SortedMap)} links the entries of a sorted map in
 * order without searching, where inserting them one by one searches the list for each.
 */
final class SortedMerge {
    private SortedMerge() {}

    /**
     * The entries of {@code stored} and the pairs {@code (keys[i], values[i])} whose value is not null,
     * {@code keys} ascending and distinct; of a key in both, the new value.
     */
    static <V> ConcurrentSkipListMap<String, V> of(SortedMap<String, V> stored, String[] keys, V[] values) {
        if (stored.comparator() != null) throw new IllegalArgumentException("the stored map must be in natural order");
        return new ConcurrentSkipListMap<>(new Merged<>(stored, keys, values));
    }

    /**
     * The merged entries as the sorted map the skip list's constructor takes; it only reads its
     * comparator and walks its entries once, so the rest of {@link SortedMap} is not offered.
     */
    private static final class Merged<V> extends AbstractMap<String, V> implements SortedMap<String, V> {
        private final SortedMap<String, V> stored;
        private final String[] keys;
        private final V[] values;

        Merged(SortedMap<String, V> stored, String[] keys, V[] values) {
            this.stored = stored;
            this.keys = keys;
            this.values = values;
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public Set<Entry<String, V>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, V>> iterator() {
                    return new MergingIterator<>(stored.entrySet().iterator(), keys, values);
                }

                @Override
                public int size() {
                    throw new UnsupportedOperationException("only walked");
                }
            };
        }

        @Override
        public SortedMap<String, V> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException("only walked");
        }

        @Override
        public SortedMap<String, V> headMap(String toKey) {
            throw new UnsupportedOperationException("only walked");
        }

        @Override
        public SortedMap<String, V> tailMap(String fromKey) {
            throw new UnsupportedOperationException("only walked");
        }

        @Override
        public String firstKey() {
            throw new UnsupportedOperationException("only walked");
        }

        @Override
        public String lastKey() {
            throw new UnsupportedOperationException("only walked");
        }
    }

    private static final class MergingIterator<V> implements Iterator<Map.Entry<String, V>> {
        private final Iterator<Map.Entry<String, V>> stored;
        private final String[] keys;
        private final V[] values;
        private Map.Entry<String, V> nextStored;
        private int nextNew;

        MergingIterator(Iterator<Map.Entry<String, V>> stored, String[] keys, V[] values) {
            this.stored = stored;
            this.keys = keys;
            this.values = values;
            nextStored = stored.hasNext() ? stored.next() : null;
            skipNulls();
        }

        private void skipNulls() {
            while (nextNew < keys.length && values[nextNew] == null) nextNew++;
        }

        @Override
        public boolean hasNext() {
            return nextStored != null || nextNew < keys.length;
        }

        @Override
        public Map.Entry<String, V> next() {
            if (!hasNext()) throw new NoSuchElementException();
            int order = nextStored == null ? 1 : nextNew == keys.length ? -1 : nextStored.getKey().compareTo(keys[nextNew]);
            Map.Entry<String, V> out;
            if (order < 0) {
                out = nextStored;
            } else {
                out = new AbstractMap.SimpleImmutableEntry<>(keys[nextNew], values[nextNew]);
                nextNew++;
                skipNulls();
            }
            if (order <= 0) nextStored = stored.hasNext() ? stored.next() : null;
            return out;
        }
    }
}
