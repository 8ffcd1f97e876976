package io.praetor.ports.policy;

import java.util.Locale;
import java.util.Optional;

/** Severity of a policy, with the weight used as the default risk score. */
public enum Severity {
    CRITICAL(10), HIGH(7), MEDIUM(4), LOW(1), INFO(0);

    private final double weight;
    /** Computed once: every finding event names its severity (half a million lower-cased copies in a first scan). */
    private final String wireName;

    Severity(double weight) {
        this.weight = weight;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    public double weight() {
        return weight;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Severity> fromWire(String s) {
        for (Severity v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
