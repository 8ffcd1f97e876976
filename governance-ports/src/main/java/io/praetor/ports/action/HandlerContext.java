package io.praetor.ports.action;

import io.praetor.ports.TenantId;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.Resource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a handler step sees. {@code actionId} is the idempotency token of {@link ActionHandler#apply}:
 * applying twice with the same id must not change anything twice.
 */
public record HandlerContext(TenantId tenant, String actionId, Resource resource, Map<String, Object> params,
                             Optional<Finding> finding, Optional<Credentials> credentials) {
    public HandlerContext {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(actionId);
        Objects.requireNonNull(resource);
        Objects.requireNonNull(params);
        Objects.requireNonNull(finding);
        Objects.requireNonNull(credentials);
    }
}
