package io.praetor.ports.coordination;

import io.praetor.ports.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * Named leases per tenant (for example one per resource while an action changes it). A lease not
 * renewed expires after its ttl (read from the injected clock) and can then be taken by another
 * owner with a higher fencing token. Thread-safe; never blocks.
 */
public interface Locks {
    /** Takes the lease when it is free or expired; empty when someone else holds it. */
    Optional<Lease> tryAcquire(TenantId tenant, String name, String owner, Duration ttl);

    /** Extends a lease still held by its owner; empty when it was lost. */
    Optional<Lease> renew(Lease lease, Duration ttl);

    /** Releases the lease if still held with that token; a no-op otherwise. */
    void release(Lease lease);
}
