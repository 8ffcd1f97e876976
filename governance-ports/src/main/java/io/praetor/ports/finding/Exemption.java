package io.praetor.ports.finding;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Exempts one resource, or every resource a CEL {@code selector} matches, from one policy until
 * {@code expiresAt}. Exactly one of {@code resourceId} and {@code selector} is present.
 */
public record Exemption(
        String id,
        String policyId,
        Optional<String> resourceId,
        Optional<String> selector,
        String reason,
        Instant expiresAt,
        String createdBy,
        Instant createdAt,
        Optional<Instant> revokedAt) {

    public Exemption {
        Objects.requireNonNull(id);
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(selector);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(createdBy);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(revokedAt);
        if (resourceId.isPresent() == selector.isPresent()) {
            throw new io.praetor.ports.PraetorException(io.praetor.ports.ErrorCode.VALIDATION,
                    "an exemption names exactly one of resource_id and selector");
        }
    }

    /** The status at {@code now}: revoked wins, then expiry (exact: expired at {@code expiresAt}). */
    public ExemptionStatus statusAt(Instant now) {
        if (revokedAt.isPresent()) return ExemptionStatus.REVOKED;
        return now.isBefore(expiresAt) ? ExemptionStatus.ACTIVE : ExemptionStatus.EXPIRED;
    }

    public Exemption revoked(Instant at) {
        return new Exemption(id, policyId, resourceId, selector, reason, expiresAt, createdBy, createdAt, Optional.of(at));
    }
}
