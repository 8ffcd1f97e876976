package io.praetor.domain.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Inclusion and consistency proofs of RFC 9162 §2.1.3–2.1.4: generation over any source of
 * subtree hashes, and verification from the proof alone. Proof paths are ordered from the leaf
 * side to the root side, as in the RFC. Stateless and thread-safe.
 */
public final class MerkleProofs {
    private MerkleProofs() {}

    /** MTH(D[from:to]) of some log; {@code from < to}. */
    @FunctionalInterface
    public interface SubtreeHashes {
        byte[] hash(long from, long to);
    }

    /** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1. */
    public static List<byte[]> inclusionPath(long index, long size, SubtreeHashes tree) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        inclusion(index, 0, size, tree, path);
        return path;
    }

    private static void inclusion(long m, long from, long to, SubtreeHashes tree, List<byte[]> path) {
        long n = to - from;
        if (n <= 1) return;
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            inclusion(m, from, from + k, tree, path);
            path.add(tree.hash(from + k, to));
        } else {
            inclusion(m - k, from + k, to, tree, path);
            path.add(tree.hash(from, from + k));
        }
    }

    /** PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1; empty when {@code first} is 0 or equals {@code second}. */
    public static List<byte[]> consistencyPath(long first, long second, SubtreeHashes tree) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to " + second);
        }
        List<byte[]> path = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, tree, path);
        }
        return path;
    }

    private static void subproof(long m, long from, long to, boolean complete, SubtreeHashes tree, List<byte[]> path) {
        long n = to - from;
        if (m == n) {
            if (!complete) path.add(tree.hash(from, to));
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, complete, tree, path);
            path.add(tree.hash(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, tree, path);
            path.add(tree.hash(from, from + k));
        }
    }

    /** The root that {@code path} proves for leaf {@code index} of a tree of {@code size}, or null if the path cannot be one. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> path) {
        if (index < 0 || index >= size) return null;
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) return null;
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** RFC 9162 §2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        byte[] computed = rootFromInclusion(index, size, leafHash, path);
        return computed != null && Arrays.equals(computed, root);
    }

    /** RFC 9162 §2.1.4.2, plus the trivial cases (an empty first tree, equal sizes) with an empty path. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> path) {
        if (first < 0 || first > second) return false;
        if (first == second) return path.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        if (first == 0) return path.isEmpty();
        if (path.isEmpty()) return false;
        List<byte[]> p = new ArrayList<>(path.size() + 1);
        if (Long.bitCount(first) == 1) p.add(firstRoot);
        p.addAll(path);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (int i = 1; i < p.size(); i++) {
            byte[] c = p.get(i);
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(c, fr);
                sr = MerkleHashes.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
