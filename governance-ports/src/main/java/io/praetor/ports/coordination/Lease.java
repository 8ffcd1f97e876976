package io.praetor.ports.coordination;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A held lock. {@code fencingToken} is strictly greater than that of every earlier lease of the same
 * name, so a store can reject writes from a holder whose lease has since been taken over.
 */
public record Lease(TenantId tenant, String name, String owner, long fencingToken, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(name);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(expiresAt);
        if (fencingToken < 1) throw new IllegalArgumentException("fencing tokens start at 1");
    }
}
