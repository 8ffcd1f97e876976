package io.praetor.adapters.memory;

import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Values by id twice over: a hash map for O(1) lookups and size, and an id-sorted map for paging.
 * Writers are serialised on the index; readers never block.
 */
final class IdIndex<V> {
    private final ConcurrentHashMap<String, V> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, V> sorted = new ConcurrentSkipListMap<>();

    V get(String id) {
        return byId.get(id);
    }

    /** Stores {@code value} under {@code id}; returns the value it replaced, or null. */
    synchronized V put(String id, V value) {
        sorted.put(id, value);
        return byId.put(id, value);
    }

    /** Removes {@code id}; returns the value it had, or null. */
    synchronized V remove(String id) {
        sorted.remove(id);
        return byId.remove(id);
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
        return byId.size();
    }

    /** A live view in id order. */
    NavigableMap<String, V> sorted() {
        return sorted;
    }
}
