package io.praetor.ports.finding;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Exemptions per tenant. Thread-safe; writes join the caller's transaction; listing is by creation time. */
public interface ExemptionStore {
    void put(TenantId tenant, Exemption exemption);

    Optional<Exemption> get(TenantId tenant, String id);

    List<Exemption> list(TenantId tenant);

    /** Exemptions of the policy that are active at {@code now}. */
    List<Exemption> activeFor(TenantId tenant, String policyId, Instant now);

    /** Every tenant's exemptions whose expiry lies in (after, upTo], for the expiry sweep. */
    List<TenantExemption> expiringBetween(Instant after, Instant upTo);

    record TenantExemption(io.praetor.ports.TenantId tenant, Exemption exemption) {}
}
