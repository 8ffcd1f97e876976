package io.praetor.ports.finding;

import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /metrics} needs of a tenant's findings, computed by the store (in SQL where it
 * can) instead of by reading every finding.
 *
 * @param open open findings
 * @param openBySeverity open findings per severity wire name (only severities that have some)
 * @param openByPolicy open findings per policy id (only policies that have some)
 * @param openByType open findings per resource type (only types that have some)
 * @param resolved findings resolved at or after the {@code resolvedSince} asked for
 * @param resolveSeconds the sum over those of whole seconds from first seen to resolved
 */
public record FindingAggregates(long open, Map<String, Long> openBySeverity, Map<String, Long> openByPolicy,
                                Map<String, Long> openByType, long resolved, long resolveSeconds) {
    public FindingAggregates {
        openBySeverity = Map.copyOf(Objects.requireNonNull(openBySeverity));
        openByPolicy = Map.copyOf(Objects.requireNonNull(openByPolicy));
        openByType = Map.copyOf(Objects.requireNonNull(openByType));
        if (open < 0 || resolved < 0 || resolveSeconds < 0) throw new IllegalArgumentException("counts must not be negative");
    }
}
