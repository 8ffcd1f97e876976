package io.praetor.ports.usecase;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code POST /inventory/sources} asks for. {@code credentials} names a credential set the
 * server holds; the API never accepts a secret.
 */
public record SourceRegistration(String id, String kind, Optional<String> endpoint, Optional<String> region,
                                 Optional<String> account, Optional<Duration> schedule, boolean pathStyle,
                                 Optional<String> credentials) {
    public SourceRegistration {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(schedule);
        Objects.requireNonNull(credentials);
    }
}
