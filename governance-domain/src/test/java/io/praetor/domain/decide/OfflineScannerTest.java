package io.praetor.domain.decide;

import static io.praetor.domain.decide.DecideFixture.bucket;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.policy.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineScannerTest {
    @Test
    void scan_reportsFindingsErrorsAndTheJsonShape(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.yaml"), DecideFixture.policyYaml("s3-versioning", "aws.s3.bucket",
                "resource.properties.versioning == false", "  message: 'Bucket ${resource.name} is unversioned'\n"));
        PolicyFiles.Validation v = new PolicyFiles(new PolicyLoader(), new PolicyCompiler(),
                InstantSource.fixed(Instant.EPOCH)).validate(List.of(dir));
        assertThat(v.ok()).isTrue();
        OfflineScanner.Report report = new OfflineScanner(v.engine()).scan(List.of(
                bucket("b1", Map.of("versioning", false)),
                bucket("b2", Map.of("versioning", true)),
                bucket("b3", Map.of()),
                DecideFixture.resource("v1", "aws.ec2.volume", Map.of())).iterator(), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(report.summary().resources()).isEqualTo(4);
        assertThat(report.summary().evaluations()).isEqualTo(3);
        assertThat(report.summary().findingsOpened()).isEqualTo(1);
        assertThat(report.findings()).containsExactly(new OfflineScanner.FindingLine("s3-versioning", "b1", Severity.HIGH,
                "Bucket b1 is unversioned"));
        assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e.resourceId()).isEqualTo("b3"));
        assertThat(report.hasFindingAtLeast(Severity.HIGH)).isTrue();
        assertThat(report.hasFindingAtLeast(Severity.CRITICAL)).isFalse();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OfflineScanner.writeJson(report, out);
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"summary\"", "\"scan_id\"", "\"findings_opened\" : 1", "\"error_samples\"", "\"duration_ms\"",
                "\"findings\"", "\"policy_id\" : \"s3-versioning\"", "\"severity\" : \"high\"", "\"errors\"");
    }
}
