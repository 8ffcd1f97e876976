package io.praetor.ports.evidence;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.Objects;

/** A signed tree head: the root over the first {@code treeSize} leaves and its JWS (compact). */
public record TreeHead(TenantId tenant, long treeSize, String rootHash, Instant timestamp, String jws) {
    public TreeHead {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(rootHash);
        Objects.requireNonNull(timestamp);
        Objects.requireNonNull(jws);
    }
}
