package io.praetor.ports.policy;

import java.util.Locale;
import java.util.Optional;

/** audit: findings only; manual: actions need approval; auto: new findings start actions. */
public enum PolicyMode {
    AUDIT, MANUAL, AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PolicyMode> fromWire(String s) {
        for (PolicyMode v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
