package io.praetor.ports.events;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a tenant's event log: {@code resource.changed}, {@code finding.opened},
 * {@code finding.resolved}, {@code finding.exempted} or {@code action.<state>}. {@code seq} is
 * contiguous per tenant from 1 (0 in a draft not yet appended); {@code data} is a JSON tree.
 */
public record TenantEvent(TenantId tenant, long seq, String type, Instant at, Map<String, Object> data) {
    public TenantEvent {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(type);
        Objects.requireNonNull(at);
        Objects.requireNonNull(data);
    }

    public static TenantEvent draft(TenantId tenant, String type, Instant at, Map<String, Object> data) {
        return new TenantEvent(tenant, 0, type, at, data);
    }
}
