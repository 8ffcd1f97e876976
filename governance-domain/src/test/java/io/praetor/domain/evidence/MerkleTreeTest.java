package io.praetor.domain.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9162 / RFC 6962 example tree (the 8-leaf test vectors of the certificate-transparency
 * reference implementation), plus property checks of every proof against a naive MTH.
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> LEAF_DATA = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static MerkleTree exampleTree() {
        MerkleTree tree = new MerkleTree();
        for (String d : LEAF_DATA) tree.append(MerkleHashes.leafHash(HEX.parseHex(d)));
        return tree;
    }

    private static List<String> hex(List<byte[]> path) {
        return path.stream().map(HEX::formatHex).toList();
    }

    @Test
    void roots_matchTheReferenceVectorsForEverySize() {
        MerkleTree tree = exampleTree();

        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(tree.root(n))).as("size %d", n).isEqualTo(ROOTS.get(n - 1));
        }
        assertThat(HEX.formatHex(tree.root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void inclusionPaths_matchTheReferenceVectors() {
        MerkleTree tree = exampleTree();

        assertThat(hex(tree.inclusionPath(0, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(tree.inclusionPath(5, 8))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(tree.inclusionPath(2, 3))).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(tree.inclusionPath(1, 5))).containsExactly(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(tree.inclusionPath(0, 1)).isEmpty();
    }

    @Test
    void consistencyPaths_matchTheReferenceVectors() {
        MerkleTree tree = exampleTree();

        assertThat(hex(tree.consistencyPath(1, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(tree.consistencyPath(6, 8))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(tree.consistencyPath(2, 5))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(tree.consistencyPath(8, 8)).isEmpty();
    }

    @Test
    void everyInclusionProof_verifies_forEverySizeUpToEight() {
        MerkleTree tree = exampleTree();
        for (long n = 1; n <= 8; n++) {
            for (long m = 0; m < n; m++) {
                List<byte[]> path = tree.inclusionPath(m, n);
                assertThat(MerkleProofs.verifyInclusion(m, n, tree.leaf(m), path, tree.root(n)))
                        .as("leaf %d of %d", m, n).isTrue();
            }
        }
    }

    @Test
    void everyConsistencyProof_verifies_forAllPairsUpToEight() {
        MerkleTree tree = exampleTree();
        for (long n = 0; n <= 8; n++) {
            for (long m = 0; m <= n; m++) {
                List<byte[]> path = tree.consistencyPath(m, n);
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n), path))
                        .as("%d -> %d", m, n).isTrue();
            }
        }
    }

    @Test
    void rootsAndProofs_agreeWithANaiveMth_forRandomLargerSizes() {
        Random random = new Random(11);
        List<byte[]> leaves = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 700; i++) {
            byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            byte[] leaf = MerkleHashes.leafHash(data);
            leaves.add(leaf);
            tree.append(leaf);
        }
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(700);
            int m = random.nextInt(n + 1);
            byte[] rootN = naiveMth(leaves, 0, n);
            assertThat(tree.root(n)).isEqualTo(rootN);
            if (m < n) {
                assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get(m), tree.inclusionPath(m, n), rootN)).isTrue();
            }
            assertThat(MerkleProofs.verifyConsistency(m, n, naiveMth(leaves, 0, m), rootN, tree.consistencyPath(m, n)))
                    .as("%d -> %d", m, n).isTrue();
        }
    }

    @Test
    void tamperedInclusionProofs_fail() {
        MerkleTree tree = exampleTree();
        for (long n = 2; n <= 8; n++) {
            for (long m = 0; m < n; m++) {
                List<byte[]> path = tree.inclusionPath(m, n);
                byte[] root = tree.root(n);
                byte[] leaf = tree.leaf(m);
                for (int i = 0; i < path.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(path);
                    byte[] flipped = bad.get(i).clone();
                    flipped[7] ^= 1;
                    bad.set(i, flipped);
                    assertThat(MerkleProofs.verifyInclusion(m, n, leaf, bad, root)).isFalse();
                }
                assertThat(MerkleProofs.verifyInclusion(m, n, tree.leaf((m + 1) % n), path, root)).isFalse();
                assertThat(MerkleProofs.verifyInclusion((m + 1) % n, n, leaf, path, root)).as("wrong index").isFalse();
                assertThat(MerkleProofs.verifyInclusion(m, n, leaf, path.subList(0, path.size() - 1), root)).isFalse();
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(root);
                assertThat(MerkleProofs.verifyInclusion(m, n, leaf, longer, root)).isFalse();
            }
        }
    }

    @Test
    void tamperedConsistencyProofs_fail() {
        MerkleTree tree = exampleTree();
        for (long n = 2; n <= 8; n++) {
            for (long m = 1; m < n; m++) {
                List<byte[]> path = tree.consistencyPath(m, n);
                for (int i = 0; i < path.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(path);
                    byte[] flipped = bad.get(i).clone();
                    flipped[0] ^= (byte) 0x80;
                    bad.set(i, flipped);
                    assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n), bad)).isFalse();
                }
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m - 1 == 0 ? n : m - 1), tree.root(n), path))
                        .isFalse();
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n - 1), path)).isFalse();
                assertThat(MerkleProofs.verifyConsistency(m, n, tree.root(m), tree.root(n), List.of())).isFalse();
            }
        }
    }

    @Test
    void proofsOutsideTheLog_areRejected() {
        MerkleTree tree = exampleTree();

        assertThatThrownBy(() -> tree.inclusionPath(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionPath(0, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyPath(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MerkleProofs.verifyInclusion(3, 3, tree.leaf(0), List.of(), tree.root(3))).isFalse();
    }

    private static byte[] naiveMth(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) return MerkleHashes.emptyRoot();
        if (n == 1) return leaves.get(from);
        int k = 1;
        while (k * 2 < n) k *= 2;
        return MerkleHashes.nodeHash(naiveMth(leaves, from, from + k), naiveMth(leaves, from + k, to));
    }
}
