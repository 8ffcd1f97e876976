package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.coordination.Locks;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Leases by (tenant, name). Each name keeps its last fencing token even when released, so a new
 * lease always gets a higher one. A lease is expired from its {@code expiresAt} on.
 */
final class InMemoryLocks implements Locks {
    private final InstantSource clock;
    private final ConcurrentMap<Name, Slot> slots = new ConcurrentHashMap<>();

    private record Name(TenantId tenant, String name) {}

    /** The current lease of a name (null when free) and the last token handed out. */
    private record Slot(Lease lease, long lastToken) {}

    InMemoryLocks(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(TenantId tenant, String name, String owner, Duration ttl) {
        Instant now = clock.instant();
        Lease[] taken = new Lease[1];
        slots.compute(new Name(tenant, name), (k, s) -> {
            long last = s == null ? 0 : s.lastToken;
            if (s != null && s.lease != null && now.isBefore(s.lease.expiresAt()) && !s.lease.owner().equals(owner)) {
                return s;
            }
            taken[0] = new Lease(tenant, name, owner, last + 1, now.plus(ttl));
            return new Slot(taken[0], last + 1);
        });
        return Optional.ofNullable(taken[0]);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        Lease[] renewed = new Lease[1];
        slots.computeIfPresent(new Name(lease.tenant(), lease.name()), (k, s) -> {
            if (s.lease != null && s.lease.fencingToken() == lease.fencingToken() && now.isBefore(s.lease.expiresAt())) {
                renewed[0] = new Lease(lease.tenant(), lease.name(), lease.owner(), lease.fencingToken(), now.plus(ttl));
                return new Slot(renewed[0], s.lastToken);
            }
            return s;
        });
        return Optional.ofNullable(renewed[0]);
    }

    @Override
    public void release(Lease lease) {
        slots.computeIfPresent(new Name(lease.tenant(), lease.name()), (k, s) ->
                s.lease != null && s.lease.fencingToken() == lease.fencingToken() ? new Slot(null, s.lastToken) : s);
    }
}
