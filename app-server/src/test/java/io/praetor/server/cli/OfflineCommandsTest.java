package io.praetor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.json.JsonTreeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline CLI verbs: scan, policy validate/test, bundle verify, ledger verify. */
class OfflineCommandsTest {
    private static final String VERSIONING = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: s3-versioning
              title: S3 buckets keep object versions
              severity: high
            spec:
              resource: aws.s3.bucket
              violation: 'resource.properties.?supplementaryConfiguration.?BucketVersioningConfiguration.?status.orValue("Off") != "Enabled"'
              message: 'Bucket ${resource.name} does not keep versions'
              tests:
                - name: versioning off violates
                  resource: {type: aws.s3.bucket, name: a, properties: {supplementaryConfiguration: {BucketVersioningConfiguration: {status: "Off"}}}}
                  expect: violation
                - name: versioning on passes
                  resource: {type: aws.s3.bucket, name: b, properties: {supplementaryConfiguration: {BucketVersioningConfiguration: {status: Enabled}}}}
                  expect: pass
            """;

    @TempDir
    Path dir;
    Path policies;
    Path inventory;

    @BeforeEach
    void files() throws Exception {
        policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("s3.yaml"), VERSIONING);
        inventory = repoFile("examples/inventories/aws-config-snapshot.json");
    }

    @Test
    void scan_printsEachFindingAndASummary() {
        var run = CliTestSupport.run("scan", "--inventory", inventory.toString(), "--format", "aws-config",
                "--policies", policies.toString(), "--now", "2026-06-01T00:00:00Z");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("HIGH", "s3-versioning", "arn:aws:s3:::acme-public-assets",
                "Bucket acme-public-assets does not keep versions");
        assertThat(run.out()).doesNotContain("arn:aws:s3:::acme-audit-logs");
        assertThat(run.out()).containsPattern("\\d+ resources, 1 policies, 2 evaluations: 1 findings, 0 errors");
    }

    @Test
    @SuppressWarnings("unchecked")
    void scanJson_hasTheDocumentedShape() {
        var run = CliTestSupport.run("scan", "--inventory", inventory.toString(), "--format", "aws-config",
                "--policies", policies.toString(), "--json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        Map<String, Object> doc = (Map<String, Object>) JsonTreeReader.read(run.out());
        assertThat(doc).containsKeys("summary", "findings", "errors");
        assertThat((Map<String, Object>) doc.get("summary")).containsKeys("scan_id", "resources", "policies",
                "evaluations", "findings_opened", "findings_resolved", "errors", "error_samples", "duration_ms");
        List<Map<String, Object>> findings = (List<Map<String, Object>>) doc.get("findings");
        assertThat(findings).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("policy_id", "s3-versioning")
                .containsEntry("resource_id", "arn:aws:s3:::acme-public-assets")
                .containsEntry("severity", "high")
                .containsKey("message"));
    }

    @Test
    void scanFailOn_exitsOneWhenAFindingIsAtLeastThatSevere() {
        assertThat(CliTestSupport.run("scan", "--inventory", inventory.toString(), "--format", "aws-config",
                "--policies", policies.toString(), "--fail-on", "high").exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(CliTestSupport.run("scan", "--inventory", inventory.toString(), "--format", "aws-config",
                "--policies", policies.toString(), "--fail-on", "critical").exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void scan_badInputIsExitTwoWithAClearMessage() {
        var unknownFormat = CliTestSupport.run("scan", "--inventory", inventory.toString(), "--format", "excel",
                "--policies", policies.toString());
        assertThat(unknownFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownFormat.err()).contains("excel");

        var missing = CliTestSupport.run("scan", "--inventory", dir.resolve("nope.json").toString(), "--format",
                "aws-config", "--policies", policies.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("nope.json");
    }

    @Test
    void policyValidate_reportsFileLineAndColumn() throws Exception {
        Files.writeString(policies.resolve("broken.yaml"), VERSIONING.replace("s3-versioning", "broken-one")
                .replace("!= \"Enabled\"'", "!= \"Enabled\" &&'"));
        var run = CliTestSupport.run("policy", "validate", policies.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).containsPattern("broken\\.yaml:\\d+:\\d+: ");
        assertThat(run.out()).contains("1 policies compiled, 1 errors");
    }

    @Test
    void policyTest_runsInlineTestsAndFailsOnAWrongExpectation() throws Exception {
        var ok = CliTestSupport.run("policy", "test", policies.toString());
        assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("1 policies: 2 passed, 0 failed");

        Files.writeString(policies.resolve("s3.yaml"), VERSIONING.replace("expect: pass", "expect: violation"));
        var failing = CliTestSupport.run("policy", "test", policies.toString());
        assertThat(failing.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failing.out()).contains("FAIL s3-versioning: versioning on passes (expected violation, got pass)");
    }

    @Test
    void bundleVerify_namesWhatIsWrongWithANonBundle() throws Exception {
        Path notAZip = Files.writeString(dir.resolve("bundle.zip"), "not a zip");
        var run = CliTestSupport.run("bundle", "verify", notAZip.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).startsWith("FAILED");
        assertThat(CliTestSupport.run("bundle", "verify", dir.resolve("missing.zip").toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void ledgerVerify_missingFilesAreUsageErrors() {
        var run = CliTestSupport.run("ledger", "verify", "--file", dir.resolve("x.ndjson").toString(),
                "--public-key", dir.resolve("k.jwk").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--file: no such file");
    }

    static Path repoFile(String relative) {
        Path p = Path.of("..").resolve(relative);
        return Files.exists(p) ? p : Path.of(relative);
    }
}
