package io.praetor.ports.action;

import io.praetor.ports.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Elevations per tenant. Thread-safe. {@link #update} stores only when the stored revision equals
 * {@code expectedRevision} (returns false otherwise), so two admins cannot both decide one request.
 */
public interface ElevationStore {
    void create(TenantId tenant, Elevation elevation);

    Optional<Elevation> get(TenantId tenant, String id);

    /** Newest first. */
    List<Elevation> list(TenantId tenant);

    /** The tenant's elevations held by {@code principal}, any state. */
    List<Elevation> heldBy(TenantId tenant, String principal);

    boolean update(TenantId tenant, Elevation updated, long expectedRevision);
}
