package io.praetor.domain.evidence;

import java.util.List;

/** That the entry {@code seq} with {@code leafHash} is in the tree of {@code treeSize} leaves whose root is {@code rootHash}. */
public record InclusionProof(long seq, long treeSize, String leafHash, List<String> path, String rootHash) {
    public InclusionProof {
        path = List.copyOf(path);
    }

    public boolean verify() {
        return MerkleProofs.verifyInclusion(seq, treeSize, MerkleHashes.fromHex(leafHash),
                path.stream().map(MerkleHashes::fromHex).toList(), MerkleHashes.fromHex(rootHash));
    }
}
