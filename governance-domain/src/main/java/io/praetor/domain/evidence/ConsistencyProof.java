package io.praetor.domain.evidence;

import java.util.List;

/** That the tree of {@code toSize} leaves ({@code toRoot}) extends the tree of {@code fromSize} leaves ({@code fromRoot}). */
public record ConsistencyProof(long fromSize, long toSize, String fromRoot, String toRoot, List<String> path) {
    public ConsistencyProof {
        path = List.copyOf(path);
    }

    public boolean verify() {
        return MerkleProofs.verifyConsistency(fromSize, toSize, MerkleHashes.fromHex(fromRoot),
                MerkleHashes.fromHex(toRoot), path.stream().map(MerkleHashes::fromHex).toList());
    }
}
