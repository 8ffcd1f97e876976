package io.praetor.domain.evidence;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking a whole ledger ({@code GET /ledger/verify}, {@code praetor ledger verify}):
 * its size and recomputed root, the first entry that does not match when one can be named, and
 * every problem found in words.
 */
public record LedgerVerification(boolean ok, long size, String rootHash, Optional<Long> firstBadSeq,
                                 List<String> problems) {
    public LedgerVerification {
        problems = List.copyOf(problems);
    }
}
