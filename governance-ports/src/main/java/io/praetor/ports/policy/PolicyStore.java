package io.praetor.ports.policy;

import io.praetor.ports.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Each tenant's policies by id. Thread-safe; writes join the caller's transaction. {@link #put}
 * inserts or replaces (the caller assigns the version); listing is by id.
 */
public interface PolicyStore {
    Optional<Policy> get(TenantId tenant, String id);

    List<Policy> list(TenantId tenant);

    void put(TenantId tenant, Policy policy);

    /** Returns whether the policy existed. */
    boolean delete(TenantId tenant, String id);
}
