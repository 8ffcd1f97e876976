package io.praetor.domain.evidence;

import java.util.Objects;

/** What a caller asks the ledger to record; the ledger adds {@code seq}, {@code at} and {@code tenant}. */
public record NewEntry(String actor, LedgerKind kind, String subject, String payloadSha256) {
    public NewEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        if (actor.isBlank()) throw new IllegalArgumentException("actor must not be blank");
        if (subject.isBlank()) throw new IllegalArgumentException("subject must not be blank");
        if (!MerkleHashes.isHash(payloadSha256)) {
            throw new IllegalArgumentException("payloadSha256 must be 64 lowercase hex digits");
        }
    }
}
