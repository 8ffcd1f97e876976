package io.praetor.domain.decide;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last outcome of each evaluated (policy, resource) pair of one tenant, kept compactly (two
 * small arrays per resource), so an incremental re-evaluation can turn "was passing, now violating"
 * into exact pair-count deltas. Rebuilt by a full scan; until then the tenant is {@code cold}.
 * Guarded by the caller's per-tenant lock.
 */
final class PairStates {
    static final byte NONE = 0;
    static final byte PASSING = 1;
    static final byte VIOLATING = 2;
    static final byte EXEMPTED = 3;
    static final byte ERRORED = 4;

    private final Map<String, Entry> byResource = new ConcurrentHashMap<>();
    private volatile boolean warm;

    /** The pairs of one resource in the first {@code size} slots; the arrays grow by doubling, not by one per pair. */
    private static final class Entry {
        String[] policies = new String[4];
        byte[] states = new byte[4];
        int size;
    }

    boolean warm() {
        return warm;
    }

    void markWarm(boolean value) {
        warm = value;
    }

    void clear() {
        byResource.clear();
    }

    byte get(String resourceId, String policyId) {
        Entry e = byResource.get(resourceId);
        if (e == null) return NONE;
        for (int i = 0; i < e.size; i++) {
            if (e.policies[i].equals(policyId)) return e.states[i];
        }
        return NONE;
    }

    /** Sets a pair's state; NONE forgets it. */
    void set(String resourceId, String policyId, byte state) {
        Entry e = byResource.get(resourceId);
        if (e == null) {
            if (state == NONE) return;
            e = new Entry();
            byResource.put(resourceId, e);
        }
        for (int i = 0; i < e.size; i++) {
            if (e.policies[i].equals(policyId)) {
                if (state == NONE) {
                    removeAt(e, i);
                    if (e.size == 0) byResource.remove(resourceId);
                } else {
                    e.states[i] = state;
                }
                return;
            }
        }
        if (state == NONE) return;
        if (e.size == e.policies.length) {
            e.policies = Arrays.copyOf(e.policies, e.size * 2);
            e.states = Arrays.copyOf(e.states, e.size * 2);
        }
        e.policies[e.size] = policyId;
        e.states[e.size] = state;
        e.size++;
    }

    private static void removeAt(Entry e, int i) {
        int tail = e.size - i - 1;
        System.arraycopy(e.policies, i + 1, e.policies, i, tail);
        System.arraycopy(e.states, i + 1, e.states, i, tail);
        e.size--;
        e.policies[e.size] = null;
    }

    /**
     * Replaces the pairs of one resource with the first {@code size} (policy, state) of the arrays,
     * which it keeps (the caller must not reuse them); {@code size} 0 forgets the resource. One map
     * write per resource instead of a read and a write per pair, for the full scan.
     */
    void putResource(String resourceId, String[] policies, byte[] states, int size) {
        if (size == 0) {
            byResource.remove(resourceId);
            return;
        }
        Entry e = new Entry();
        e.policies = policies;
        e.states = states;
        e.size = size;
        byResource.put(resourceId, e);
    }

    /** Every pair of the resource, as (policyId, state); and forgets them. */
    Map<String, Byte> removeResource(String resourceId) {
        Entry e = byResource.remove(resourceId);
        Map<String, Byte> out = new java.util.HashMap<>();
        if (e != null) {
            for (int i = 0; i < e.size; i++) out.put(e.policies[i], e.states[i]);
        }
        return out;
    }

    void removePolicy(String policyId) {
        for (String resourceId : byResource.keySet().toArray(new String[0])) {
            set(resourceId, policyId, NONE);
        }
    }
}
