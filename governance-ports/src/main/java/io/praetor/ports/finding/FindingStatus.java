package io.praetor.ports.finding;

import java.util.Locale;
import java.util.Optional;

public enum FindingStatus {
    OPEN, RESOLVED, EXEMPTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FindingStatus> fromWire(String s) {
        for (FindingStatus v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
