package io.praetor.ports.evidence;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One leaf of a tenant's ledger, in the fixed format of API.md: {@code seq} is the 0-based leaf
 * index, {@code at} has millisecond precision, {@code payloadSha256} is lowercase hex.
 */
public record LedgerEntry(long seq, Instant at, TenantId tenant, String actor, String kind, String subject,
                          String payloadSha256) {
    public LedgerEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(payloadSha256);
        if (seq < 0) throw new IllegalArgumentException("seq must not be negative");
    }
}
