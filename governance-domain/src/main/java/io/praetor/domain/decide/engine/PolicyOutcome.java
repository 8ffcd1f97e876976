package io.praetor.domain.decide.engine;

import java.util.Objects;

/** What one policy says about one resource: a closed set, consumed by exhaustive switches. */
public sealed interface PolicyOutcome {
    /** The resource's type does not match, or the policy's {@code scope} is false for it. */
    record OutOfScope() implements PolicyOutcome {}

    /** In scope and {@code violation} is false. */
    record Pass() implements PolicyOutcome {}

    /** In scope and {@code violation} is true; the rendered message and the risk score. */
    record Violation(String message, double risk) implements PolicyOutcome {
        public Violation {
            Objects.requireNonNull(message);
        }
    }

    /** An expression failed at evaluation time; the pair opens nothing and leaves findings as they were. */
    record Error(String message) implements PolicyOutcome {
        public Error {
            Objects.requireNonNull(message);
        }
    }

    PolicyOutcome OUT_OF_SCOPE = new OutOfScope();
    PolicyOutcome PASS = new Pass();
}
