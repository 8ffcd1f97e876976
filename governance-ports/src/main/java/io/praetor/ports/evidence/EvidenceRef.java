package io.praetor.ports.evidence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored evidence blob: its lowercase hex SHA-256, media type, name and the action it belongs to. */
public record EvidenceRef(String sha256, String mediaType, String name, long size, Optional<String> actionId,
                          Instant storedAt) {
    public EvidenceRef {
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(mediaType);
        Objects.requireNonNull(name);
        Objects.requireNonNull(actionId);
        Objects.requireNonNull(storedAt);
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
}
