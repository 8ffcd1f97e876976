package io.praetor.ports.policy;

import java.util.Objects;

/** A named CEL expression a policy's later expressions refer to as {@code variables.<name>}. */
public record PolicyVariable(String name, String expression) {
    public PolicyVariable {
        Objects.requireNonNull(name);
        Objects.requireNonNull(expression);
    }
}
