package io.praetor.ports.finding;

import java.util.Locale;

public enum ExemptionStatus {
    ACTIVE, EXPIRED, REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
