package io.praetor.adapters.bus.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the Kafka bus runs. Topics are {@code <prefix>.<topic>} with {@code partitions}
 * partitions (a group's parallelism per topic; keys are hashed onto them, so only raise it on an
 * empty topic) and {@code replicationFactor} replicas (empty: the broker's
 * {@code default.replication.factor}); {@code publishTimeout} bounds how long {@code publish} waits
 * for the in-sync replicas.
 */
public record KafkaBusSettings(String bootstrap, String prefix, int partitions, Optional<Short> replicationFactor,
                               Duration publishTimeout) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final int DEFAULT_PARTITIONS = 8;

    public KafkaBusSettings {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bus prefix must match " + PREFIX.pattern() + ": " + prefix);
        }
        if (partitions < 1 || partitions > 10_000) throw new IllegalArgumentException("partitions must be 1..10000");
        if (replicationFactor.isPresent() && replicationFactor.get() < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1");
        }
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive");
        }
    }

    /** Eight partitions, the broker's replication factor, ten seconds to wait for a publish. */
    public KafkaBusSettings(String bootstrap, String prefix) {
        this(bootstrap, prefix, DEFAULT_PARTITIONS, Optional.empty(), Duration.ofSeconds(10));
    }
}
