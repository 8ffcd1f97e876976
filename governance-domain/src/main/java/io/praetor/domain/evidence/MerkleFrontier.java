package io.praetor.domain.evidence;

/**
 * The compact range of a log: only the roots of its maximal complete subtrees (at most 64), enough
 * to append leaves and compute the current root in O(log n) memory. Used where a log is streamed
 * once (verification) rather than kept. Not thread-safe.
 */
public final class MerkleFrontier {
    private final byte[][] peaks = new byte[64][];
    private long size;

    public void append(byte[] leafHash) {
        byte[] h = leafHash;
        int level = 0;
        while ((size & (1L << level)) != 0) {
            h = MerkleHashes.nodeHash(peaks[level], h);
            peaks[level] = null;
            level++;
        }
        peaks[level] = h;
        size++;
    }

    public long size() {
        return size;
    }

    /** MTH of the leaves appended so far. */
    public byte[] root() {
        byte[] r = null;
        for (byte[] peak : peaks) {
            if (peak != null) r = r == null ? peak : MerkleHashes.nodeHash(peak, r);
        }
        return r == null ? MerkleHashes.emptyRoot() : r;
    }
}
