package io.praetor.ports.action;

import java.util.Locale;
import java.util.Optional;

/** The states of API.md's action table. */
public enum ActionState {
    QUEUED, PREFLIGHT, PLANNED, APPROVED, IN_PROGRESS, VERIFYING, COMPLETED, ROLLED_BACK, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ActionState> fromWire(String s) {
        for (ActionState v : values()) {
            if (v.wireName().equals(s)) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** No further transition happens by itself (failed may still be redriven, completed rolled back). */
    public boolean isFinal() {
        return switch (this) {
            case COMPLETED, ROLLED_BACK, FAILED, CANCELLED -> true;
            case QUEUED, PREFLIGHT, PLANNED, APPROVED, IN_PROGRESS, VERIFYING -> false;
        };
    }
}
