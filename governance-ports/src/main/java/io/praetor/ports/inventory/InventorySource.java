package io.praetor.ports.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A live inventory source registered by a tenant ({@code POST /inventory/sources}).
 *
 * @param pathStyle whether the endpoint addresses buckets by path ({@code http://host/bucket}), as most
 *     S3-compatible stores need
 * @param credentials the name of a credential set the server holds (looked up through the credentials
 *     port); never the secret itself
 */
public record InventorySource(
        String id,
        String kind,
        Optional<String> endpoint,
        Optional<String> region,
        Optional<String> account,
        Optional<Duration> schedule,
        boolean pathStyle,
        Optional<String> credentials,
        Instant createdAt,
        String createdBy,
        Optional<Instant> lastSyncAt) {
    public InventorySource {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(schedule);
        Objects.requireNonNull(credentials);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(createdBy);
        Objects.requireNonNull(lastSyncAt);
    }

    /** Virtual-hosted addressing and no credential reference. */
    public InventorySource(String id, String kind, Optional<String> endpoint, Optional<String> region,
                           Optional<String> account, Optional<Duration> schedule, Instant createdAt, String createdBy,
                           Optional<Instant> lastSyncAt) {
        this(id, kind, endpoint, region, account, schedule, false, Optional.empty(), createdAt, createdBy, lastSyncAt);
    }

    public InventorySource syncedAt(Instant at) {
        return new InventorySource(id, kind, endpoint, region, account, schedule, pathStyle, credentials, createdAt,
                createdBy, Optional.of(at));
    }

    /** Whether a scheduled sync is due at {@code now}: it has a schedule and never synced or synced a period ago. */
    public boolean syncDueAt(Instant now) {
        return schedule.isPresent() && lastSyncAt.map(last -> !last.plus(schedule.get()).isAfter(now)).orElse(true);
    }
}
