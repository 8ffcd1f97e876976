package io.praetor.ports.metrics;

import io.praetor.ports.TenantId;
import java.time.LocalDate;
import java.util.List;

/**
 * Daily snapshots per tenant. {@link #putIfAbsent} keeps the first snapshot of a day and returns
 * whether it stored this one. Thread-safe.
 */
public interface MetricSnapshotStore {
    boolean putIfAbsent(TenantId tenant, DailySnapshot snapshot);

    /** Snapshots with {@code from <= date <= to}, oldest first. */
    List<DailySnapshot> range(TenantId tenant, LocalDate from, LocalDate to);
}
