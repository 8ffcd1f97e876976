package io.praetor.ports.policy;

import java.util.Map;
import java.util.Objects;

/** The action handler that fixes a violation, and its params (a JSON tree). */
public record Remediation(String handler, Map<String, Object> params) {
    public Remediation {
        Objects.requireNonNull(handler);
        Objects.requireNonNull(params);
    }
}
