package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.TreeHead;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The caller's tenant's ledger, read-only: entries, signed heads, proofs, verification and export. */
public interface LedgerUseCases {
    /** Entries with seq in [from, from + limit). */
    List<LedgerLeaf> entries(Principal principal, long from, int limit);

    /** The latest signed tree head (signed now when there is none). */
    TreeHead head(Principal principal);

    /** VALIDATION when {@code seq} is not below {@code treeSize} or the size exceeds the ledger. */
    InclusionProofView inclusionProof(Principal principal, long seq, long treeSize);

    /** VALIDATION when the sizes are not 0 &lt; from ≤ to ≤ size. */
    ConsistencyProofView consistencyProof(Principal principal, long fromSize, long toSize);

    LedgerCheck verify(Principal principal);

    /** The public JWK that verifies tree heads. */
    Map<String, String> publicKey(Principal principal);

    /** NDJSON of every entry and a closing signed head, the input of {@code praetor ledger verify --file}. */
    void export(Principal principal, OutputStream out);

    record InclusionProofView(long seq, long treeSize, String leafHash, List<String> path, String rootHash) {
        public InclusionProofView {
            path = List.copyOf(path);
        }
    }

    record ConsistencyProofView(long fromSize, long toSize, String fromRoot, String toRoot, List<String> path) {
        public ConsistencyProofView {
            path = List.copyOf(path);
        }
    }

    /** {@code {ok, size, root_hash, first_bad_seq?}} and the problems in words. */
    record LedgerCheck(boolean ok, long size, String rootHash, Optional<Long> firstBadSeq, List<String> problems) {
        public LedgerCheck {
            java.util.Objects.requireNonNull(rootHash);
            java.util.Objects.requireNonNull(firstBadSeq);
            problems = List.copyOf(problems);
        }
    }
}
