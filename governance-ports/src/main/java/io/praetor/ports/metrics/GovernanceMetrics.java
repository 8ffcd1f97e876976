package io.praetor.ports.metrics;

import io.praetor.ports.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@code GET /metrics}, field for field as API.md defines it. */
public record GovernanceMetrics(
        TenantId tenant,
        Instant generatedAt,
        double complianceScore,
        long resourcesTotal,
        long policiesTotal,
        long findingsOpen,
        Map<String, Long> findingsBySeverity,
        Map<String, FrameworkCount> findingsByFramework,
        List<PolicyCount> topPolicies,
        List<TypeCount> topResourceTypes,
        List<TrendPoint> trend,
        Optional<Double> mttrHours,
        ActionCounts actions,
        Forecast forecast,
        Optional<String> analysis,
        Sources sources) {

    public GovernanceMetrics {
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(generatedAt);
        findingsBySeverity = Map.copyOf(findingsBySeverity);
        findingsByFramework = Map.copyOf(findingsByFramework);
        topPolicies = List.copyOf(topPolicies);
        topResourceTypes = List.copyOf(topResourceTypes);
        trend = List.copyOf(trend);
        Objects.requireNonNull(mttrHours);
        Objects.requireNonNull(actions);
        Objects.requireNonNull(forecast);
        Objects.requireNonNull(analysis);
        Objects.requireNonNull(sources);
    }

    public record FrameworkCount(long open, long controlsFailing) {}

    public record PolicyCount(String policyId, long open) {}

    public record TypeCount(String type, long open) {}

    public record TrendPoint(LocalDate date, double complianceScore, long findingsOpen) {}

    /** awaiting_approval = planned + approved; in_progress = preflight + in_progress + verifying. */
    public record ActionCounts(long awaitingApproval, long inProgress, long completed, long failed) {}

    public record ForecastPoint(LocalDate date, double complianceScore, double low, double high) {}

    /** {@code source} is {@code local} or {@code ai}; {@code reason} says why points are empty. */
    public record Forecast(int horizonDays, List<ForecastPoint> points, String source, Optional<String> reason) {
        public Forecast {
            points = List.copyOf(points);
            Objects.requireNonNull(source);
            Objects.requireNonNull(reason);
        }
    }

    /** {@code ai}: ok | fallback | disabled; {@code cache}: hit | miss | none. */
    public record Sources(String ai, String cache) {}
}
