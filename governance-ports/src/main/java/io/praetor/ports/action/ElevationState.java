package io.praetor.ports.action;

import java.util.Locale;
import java.util.Optional;

public enum ElevationState {
    PENDING, ACTIVE, REJECTED, REVOKED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ElevationState> fromWire(String s) {
        for (ElevationState v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }
}
