package io.praetor.ports.action;

import java.util.Map;
import java.util.Objects;

/**
 * The read-back after apply. {@code observedProperties} is the resource's properties as now
 * observed; the domain upserts them as a resource change so findings re-evaluate.
 */
public record Verification(boolean matches, String message, Map<String, Object> observedProperties) {
    public Verification {
        Objects.requireNonNull(message);
        Objects.requireNonNull(observedProperties);
    }
}
