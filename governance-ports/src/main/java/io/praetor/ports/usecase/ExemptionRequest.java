package io.praetor.ports.usecase;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

public record ExemptionRequest(String policyId, Optional<String> resourceId, Optional<String> selector, String reason,
                               Instant expiresAt) {
    public ExemptionRequest {
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(selector);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(expiresAt);
    }
}
