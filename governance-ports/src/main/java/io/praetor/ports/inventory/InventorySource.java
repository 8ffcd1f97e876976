package io.praetor.ports.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A live inventory source registered by a tenant ({@code POST /inventory/sources}). */
public record InventorySource(
        String id,
        String kind,
        Optional<String> endpoint,
        Optional<String> region,
        Optional<String> account,
        Optional<Duration> schedule,
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
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(createdBy);
        Objects.requireNonNull(lastSyncAt);
    }

    public InventorySource syncedAt(Instant at) {
        return new InventorySource(id, kind, endpoint, region, account, schedule, createdAt, createdBy, Optional.of(at));
    }
}
