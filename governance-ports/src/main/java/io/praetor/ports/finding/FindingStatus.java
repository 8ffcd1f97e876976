package io.praetor.ports.finding;

import java.util.Locale;
import java.util.Optional;

public enum FindingStatus {
    OPEN, RESOLVED, EXEMPTED;

    /** Computed once: every finding event names its status. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<FindingStatus> fromWire(String s) {
        for (FindingStatus v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
