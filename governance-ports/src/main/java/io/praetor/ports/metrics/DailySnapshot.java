package io.praetor.ports.metrics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** One UTC day's point of a tenant's trend. */
public record DailySnapshot(LocalDate date, double complianceScore, long findingsOpen, long resourcesTotal,
                            Instant takenAt) {
    public DailySnapshot {
        Objects.requireNonNull(date);
        Objects.requireNonNull(takenAt);
    }
}
