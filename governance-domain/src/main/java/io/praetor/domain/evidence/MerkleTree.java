package io.praetor.domain.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree (RFC 9162 shape) that keeps the hash of every complete subtree, so
 * appending costs one leaf and amortised one node hash, and any root, inclusion proof or
 * consistency proof over a prefix of the log costs O(log² n) hash operations without rehashing
 * history. Memory: about 64 bytes per leaf. Thread-safe (methods are synchronised; none is slow).
 */
public final class MerkleTree implements MerkleProofs.SubtreeHashes {
    private static final int CHUNK_BITS = 13;
    private static final int CHUNK = 1 << CHUNK_BITS;

    /** levels.get(h) holds the hashes of complete subtrees of 2^h leaves, left to right. */
    private final List<HashColumn> levels = new ArrayList<>();
    private long size;

    public synchronized long size() {
        return size;
    }

    public synchronized void append(byte[] leafHash) {
        if (leafHash.length != MerkleHashes.HASH_SIZE) throw new IllegalArgumentException("leaf hash must be 32 bytes");
        long index = size;
        byte[] hash = leafHash;
        int h = 0;
        level(0).add(hash);
        // Every completed pair at a level completes one node at the level above.
        while ((index & 1) == 1) {
            byte[] left = level(h).get(index - 1);
            hash = MerkleHashes.nodeHash(left, hash);
            h++;
            index >>= 1;
            level(h).add(hash);
        }
        size++;
    }

    /** The leaf hash at {@code index}. */
    public synchronized byte[] leaf(long index) {
        checkRange(index, index + 1);
        return levels.get(0).get(index);
    }

    /** MTH of the first {@code treeSize} leaves. */
    public synchronized byte[] root(long treeSize) {
        if (treeSize < 0 || treeSize > size) throw new IllegalArgumentException("no tree of size " + treeSize + " (log has " + size + ")");
        return treeSize == 0 ? MerkleHashes.emptyRoot() : hash(0, treeSize);
    }

    public synchronized byte[] root() {
        return root(size);
    }

    @Override
    public synchronized byte[] hash(long from, long to) {
        checkRange(from, to);
        long n = to - from;
        if (Long.bitCount(n) == 1 && from % n == 0) {
            return levels.get(Long.numberOfTrailingZeros(n)).get(from / n);
        }
        long k = MerkleProofs.largestPowerOfTwoBelow(n);
        return MerkleHashes.nodeHash(hash(from, from + k), hash(from + k, to));
    }

    public synchronized List<byte[]> inclusionPath(long index, long treeSize) {
        checkRange(0, treeSize);
        return MerkleProofs.inclusionPath(index, treeSize, this);
    }

    public synchronized List<byte[]> consistencyPath(long first, long second) {
        if (second > size) throw new IllegalArgumentException("no tree of size " + second + " (log has " + size + ")");
        return MerkleProofs.consistencyPath(first, second, this);
    }

    private void checkRange(long from, long to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is not in a log of size " + size);
        }
    }

    private HashColumn level(int h) {
        while (levels.size() <= h) levels.add(new HashColumn());
        return levels.get(h);
    }

    /** Hashes stored back to back in fixed chunks, so growing never copies what is stored. */
    private static final class HashColumn {
        private final List<byte[]> chunks = new ArrayList<>();
        private long count;

        void add(byte[] hash) {
            int offset = (int) (count & (CHUNK - 1));
            if (offset == 0) chunks.add(new byte[CHUNK * MerkleHashes.HASH_SIZE]);
            System.arraycopy(hash, 0, chunks.get(chunks.size() - 1), offset * MerkleHashes.HASH_SIZE, MerkleHashes.HASH_SIZE);
            count++;
        }

        byte[] get(long i) {
            byte[] chunk = chunks.get((int) (i >>> CHUNK_BITS));
            int offset = (int) (i & (CHUNK - 1)) * MerkleHashes.HASH_SIZE;
            byte[] out = new byte[MerkleHashes.HASH_SIZE];
            System.arraycopy(chunk, offset, out, 0, MerkleHashes.HASH_SIZE);
            return out;
        }
    }
}
