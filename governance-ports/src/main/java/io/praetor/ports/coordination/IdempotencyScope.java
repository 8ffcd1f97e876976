package io.praetor.ports.coordination;

import io.praetor.ports.TenantId;
import java.util.Objects;

/** Idempotency keys are scoped to tenant + principal. */
public record IdempotencyScope(TenantId tenant, String principal, String key) {
    public IdempotencyScope {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(principal);
        Objects.requireNonNull(key);
        if (key.isBlank() || key.length() > 255) {
            throw new io.praetor.ports.PraetorException(io.praetor.ports.ErrorCode.VALIDATION,
                    "Idempotency-Key must be 1 to 255 characters");
        }
    }
}
