package io.praetor.ports.action;

import java.time.Instant;
import java.util.Objects;

public record Approval(String by, Instant at, String comment) {
    public Approval {
        Objects.requireNonNull(by);
        Objects.requireNonNull(at);
        Objects.requireNonNull(comment);
    }
}
