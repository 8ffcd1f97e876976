package io.praetor.ports.evidence;

import java.util.Objects;

/** An entry with its leaf hash (SHA-256(0x00 ‖ canonical JSON of the entry)), as 64 hex digits. */
public record LedgerLeaf(LedgerEntry entry, String leafHash) {
    public LedgerLeaf {
        Objects.requireNonNull(entry);
        Objects.requireNonNull(leafHash);
    }
}
