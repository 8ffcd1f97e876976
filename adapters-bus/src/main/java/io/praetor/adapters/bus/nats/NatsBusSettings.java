package io.praetor.adapters.bus.nats;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the NATS bus runs. {@code prefix} names the stream and is the first subject token
 * ({@code <prefix>.<topic>.<partition>}); {@code partitions} is how many subjects a topic's keys are
 * hashed into, which bounds a group's parallelism per topic (changing it re-maps keys, so only change
 * it on an empty stream); {@code maxAge} is how long the stream keeps messages.
 */
public record NatsBusSettings(String url, String prefix, int partitions, Duration maxAge, Duration publishTimeout) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    public static final int DEFAULT_PARTITIONS = 8;

    public NatsBusSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bus prefix must match " + PREFIX.pattern() + ": " + prefix);
        }
        if (partitions < 1 || partitions > 1024) throw new IllegalArgumentException("partitions must be 1..1024");
        if (maxAge.isNegative() || maxAge.isZero()) throw new IllegalArgumentException("maxAge must be positive");
        if (publishTimeout.isNegative() || publishTimeout.isZero()) {
            throw new IllegalArgumentException("publishTimeout must be positive");
        }
    }

    /** Eight partitions, seven days of retention, five seconds to wait for a publish acknowledgement. */
    public NatsBusSettings(String url, String prefix) {
        this(url, prefix, DEFAULT_PARTITIONS, Duration.ofDays(7), Duration.ofSeconds(5));
    }
}
