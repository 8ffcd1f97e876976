package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.policy.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalAnalystTest {
    private final LocalAnalyst analyst = new LocalAnalyst();

    private static List<DailySnapshot> series(double... scores) {
        List<DailySnapshot> out = new ArrayList<>();
        LocalDate d = LocalDate.parse("2026-03-01");
        for (int i = 0; i < scores.length; i++) {
            out.add(new DailySnapshot(d.plusDays(i), scores[i], 0, 0, Instant.EPOCH));
        }
        return out;
    }

    @Test
    void forecast_withFewerThanThreePointsIsEmptyAndSaysWhy() {
        GovernanceMetrics.Forecast f = analyst.forecast(series(80, 82), 7);
        assertThat(f.points()).isEmpty();
        assertThat(f.reason()).hasValueSatisfying(r -> assertThat(r).contains("at least 3").contains("2"));
        assertThat(f.source()).isEqualTo("local");
        assertThat(analyst.forecast(List.of(), 7).reason()).isPresent();
    }

    @Test
    void forecast_followsALinearTrendExactlyWithANarrowBand() {
        GovernanceMetrics.Forecast f = analyst.forecast(series(50, 52, 54, 56, 58), 3);
        assertThat(f.reason()).isEmpty();
        assertThat(f.points()).extracting(GovernanceMetrics.ForecastPoint::date)
                .containsExactly(LocalDate.parse("2026-03-06"), LocalDate.parse("2026-03-07"), LocalDate.parse("2026-03-08"));
        assertThat(f.points()).extracting(GovernanceMetrics.ForecastPoint::complianceScore).containsExactly(60.0, 62.0, 64.0);
        assertThat(f.points()).allSatisfy(p -> assertThat(p.high() - p.low()).isEqualTo(0.0));
    }

    @Test
    void forecast_noisySeriesHasAWideningBandClampedTo0And100() {
        GovernanceMetrics.Forecast f = analyst.forecast(series(90, 97, 88, 99, 93, 100), 5);
        assertThat(f.points()).hasSize(5);
        double previousWidth = -1;
        for (GovernanceMetrics.ForecastPoint p : f.points()) {
            assertThat(p.low()).isBetween(0.0, p.complianceScore());
            assertThat(p.high()).isBetween(p.complianceScore(), 100.0);
            assertThat(p.high() - p.low()).isGreaterThanOrEqualTo(previousWidth - 0.2);
            previousWidth = p.high() - p.low();
        }
        // the same input gives the same answer
        assertThat(analyst.forecast(series(90, 97, 88, 99, 93, 100), 5)).isEqualTo(f);
    }

    @Test
    void forecast_ordersPointsByDate() {
        List<DailySnapshot> shuffled = new ArrayList<>(series(50, 52, 54));
        java.util.Collections.reverse(shuffled);
        assertThat(analyst.forecast(shuffled, 1).points().get(0).complianceScore()).isEqualTo(56.0);
    }

    private static Finding finding(String id, String policy, String resource, Severity s, double risk, Instant firstSeen) {
        return new Finding(id, policy, resource, resource, "aws.s3.bucket", "1", s, risk, FindingStatus.OPEN, "t", "m",
                firstSeen, firstSeen, Optional.empty(), Optional.empty(), List.of(), Set.of(), Map.of());
    }

    @Test
    void rankRisks_ordersByRiskRaisedByAgeThenSeverity() {
        Instant now = Instant.parse("2026-03-31T00:00:00Z");
        List<LocalAnalyst.RankedRisk> ranked = analyst.rankRisks(List.of(
                finding("f1", "p", "r1", Severity.HIGH, 7, now.minus(Duration.ofDays(1))),
                finding("f2", "p", "r2", Severity.HIGH, 7, now.minus(Duration.ofDays(60))),
                finding("f3", "p", "r3", Severity.CRITICAL, 10, now),
                finding("f4", "p", "r4", Severity.LOW, 1, now)), now, 3);
        assertThat(ranked).extracting(LocalAnalyst.RankedRisk::findingId).containsExactly("f2", "f3", "f1");
        assertThat(ranked.get(0).score()).isEqualTo(10.5);
        assertThat(ranked.get(0).reason()).contains("high severity").contains("60 days");
    }

    @Test
    void likelyToOpenNext_usesRecentOpeningRatesAndChangeFrequency() {
        Instant now = Instant.parse("2026-03-31T00:00:00Z");
        List<Finding> findings = List.of(
                finding("f1", "p-hot", "a", Severity.HIGH, 7, now.minus(Duration.ofDays(2))),
                finding("f2", "p-hot", "b", Severity.HIGH, 7, now.minus(Duration.ofDays(3))),
                finding("f3", "p-cold", "c", Severity.HIGH, 7, now.minus(Duration.ofDays(200))));
        Map<String, PairCounts> counts = Map.of("p-hot", new PairCounts(8, 2, 0, 0), "p-cold", new PairCounts(9, 1, 0, 0));
        Resource stable = Resource.of("stable", "aws.s3.bucket", "", "", "", Map.of(), Map.of(), "praetor",
                now.minus(Duration.ofDays(100))).withVersion(1);
        Resource churning = Resource.of("churning", "aws.s3.bucket", "", "", "", Map.of(), Map.of(), "praetor",
                now.minus(Duration.ofDays(1))).withVersion(11);
        List<LocalAnalyst.AtRisk> out = analyst.likelyToOpenNext(findings, counts, List.of(
                new LocalAnalyst.Candidate(stable, List.of("p-hot", "p-cold")),
                new LocalAnalyst.Candidate(churning, List.of("p-hot", "p-cold"))), now, Duration.ofDays(30), Duration.ofDays(7), 10);
        // p-cold opened nothing recently: no risk from it
        assertThat(out).extracting(LocalAnalyst.AtRisk::resourceId).containsExactly("churning", "stable");
        assertThat(out).allSatisfy(a -> assertThat(a.policyId()).isEqualTo("p-hot"));
        // rate = 2 / 10 pairs / 30 days; stable: 1 - e^(-rate * 7)
        assertThat(out.get(1).probability()).isEqualTo(Math.round((1 - Math.exp(-2.0 / 10 / 30 * 7)) * 1000) / 1000.0);
        assertThat(out.get(0).probability()).isEqualTo(Math.round((1 - Math.exp(-2.0 / 10 / 30 * 3 * 7)) * 1000) / 1000.0);
        assertThat(out.get(0).reason()).contains("changed recently");
        assertThat(analyst.likelyToOpenNext(findings, counts, List.of(new LocalAnalyst.Candidate(stable, List.of("p-hot"))),
                now, Duration.ofDays(30), Duration.ofDays(7), 0)).isEmpty();
    }
}
