package io.praetor.domain.decide;

import static io.praetor.domain.decide.DecideFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.metrics.GovernanceMetrics;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServiceTest {
    private final DecideFixture fx = new DecideFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void metrics_followTheFormulasOfTheApi() {
        fx.store(bucket("b1", Map.of("v", false)), bucket("b2", Map.of("v", true)), bucket("b3", Map.of("v", false)));
        fx.store(resource("vol1", "aws.ec2.volume", Map.of()));
        fx.put("s3-v", "aws.s3.bucket", "resource.properties.v == false");
        fx.put("ebs", "aws.ec2.volume", "true");
        fx.findings.scan(ADMIN);
        GovernanceMetrics m = fx.metrics.metrics(VIEWER, Duration.ofDays(30), false);
        // passing 1, open 3 → 25.0
        assertThat(m.complianceScore()).isEqualTo(25.0);
        assertThat(m.resourcesTotal()).isEqualTo(4);
        assertThat(m.policiesTotal()).isEqualTo(2);
        assertThat(m.findingsOpen()).isEqualTo(3);
        assertThat(m.findingsBySeverity()).containsEntry("high", 3L).containsEntry("critical", 0L).containsEntry("info", 0L);
        assertThat(m.findingsByFramework()).containsEntry("soc2", new GovernanceMetrics.FrameworkCount(3, 1))
                .containsEntry("nist-800-53-r5", new GovernanceMetrics.FrameworkCount(3, 2));
        assertThat(m.topPolicies()).containsExactly(new GovernanceMetrics.PolicyCount("s3-v", 2), new GovernanceMetrics.PolicyCount("ebs", 1));
        assertThat(m.topResourceTypes()).containsExactly(new GovernanceMetrics.TypeCount("aws.s3.bucket", 2),
                new GovernanceMetrics.TypeCount("aws.ec2.volume", 1));
        assertThat(m.trend()).containsExactly(new GovernanceMetrics.TrendPoint(LocalDate.parse("2026-03-01"), 25.0, 3));
        assertThat(m.mttrHours()).isEmpty();
        assertThat(m.forecast().points()).isEmpty();
        assertThat(m.forecast().reason()).isPresent();
        assertThat(m.actions()).isEqualTo(new GovernanceMetrics.ActionCounts(0, 0, 0, 0));
        assertThat(m.sources()).isEqualTo(new GovernanceMetrics.Sources("disabled", "none"));
    }

    @Test
    void metrics_scoreIs100WithNoPairsAndMttrAveragesResolvedFindings() {
        assertThat(fx.metrics.metrics(VIEWER, Duration.ofDays(30), false).complianceScore()).isEqualTo(100.0);
        fx.store(bucket("b1", Map.of("v", false)), bucket("b2", Map.of("v", false)));
        fx.put("s3-v", "aws.s3.bucket", "resource.properties.v == false");
        fx.clock.advance(Duration.ofHours(2));
        fx.findings.reevaluate(TENANT, fx.store(bucket("b1", Map.of("v", true))), List.of());
        fx.clock.advance(Duration.ofHours(4));
        fx.findings.reevaluate(TENANT, fx.store(bucket("b2", Map.of("v", true))), List.of());
        GovernanceMetrics m = fx.metrics.metrics(VIEWER, Duration.ofDays(30), false);
        assertThat(m.mttrHours()).contains(4.0);
        assertThat(m.complianceScore()).isEqualTo(100.0);
        assertThat(m.findingsOpen()).isZero();
    }

    @Test
    void metrics_trendHasOnePointPerDayAndForecastsFromThree() {
        fx.store(bucket("b1", Map.of("v", false)), bucket("b2", Map.of("v", false)));
        fx.put("s3-v", "aws.s3.bucket", "resource.properties.v == false");
        for (int day = 0; day < 3; day++) {
            fx.findings.scan(ADMIN);
            fx.findings.scan(ADMIN);
            if (day == 0) fx.store(bucket("b1", Map.of("v", true)));
            fx.clock.advance(Duration.ofDays(1));
        }
        GovernanceMetrics m = fx.metrics.metrics(VIEWER, Duration.ofDays(30), false);
        assertThat(m.trend()).extracting(GovernanceMetrics.TrendPoint::complianceScore).containsExactly(0.0, 50.0, 50.0);
        assertThat(m.forecast().points()).hasSize(MetricsService.HORIZON_DAYS);
        assertThat(fx.metrics.topRisks(VIEWER, 5)).singleElement().satisfies(r -> assertThat(r.resourceId()).isEqualTo("b2"));
    }
}
