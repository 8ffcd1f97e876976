package io.praetor.ports.policy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An inline test: a resource (partial envelope allowed), an optional {@code now} and the expectation. */
public record PolicyTestCase(String name, Optional<Instant> now, Map<String, Object> resource, Expectation expect) {
    public PolicyTestCase {
        Objects.requireNonNull(name);
        Objects.requireNonNull(now);
        Objects.requireNonNull(resource);
        Objects.requireNonNull(expect);
    }

    public enum Expectation {
        VIOLATION, PASS, OUT_OF_SCOPE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
