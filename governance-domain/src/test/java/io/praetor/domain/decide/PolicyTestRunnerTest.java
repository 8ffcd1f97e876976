package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.PraetorException;
import io.praetor.ports.usecase.PolicyTestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestRunnerTest {
    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-06-01T00:00:00Z"));
    private final PolicyCompiler compiler = new PolicyCompiler();

    private CompiledPolicy compiled(String yaml) {
        LoadedPolicy loaded = new PolicyLoader().load(yaml).policies().get(0);
        return compiler.compile(loaded.policy(), loaded.locators()).policy().orElseThrow();
    }

    static final String KEY_AGE = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata: {id: aws-iam-old-keys, title: Old access keys, severity: medium}
            spec:
              resource: aws.iam.user
              scope: resource.account != "sandbox"
              violation: resource.properties.keys.exists(k, ageDays(timestamp(k.created)) > 90)
              tests:
                - name: a key of 100 days violates
                  now: 2026-04-11T00:00:00Z
                  resource: {type: aws.iam.user, properties: {keys: [{created: "2026-01-01T00:00:00Z"}]}}
                  expect: violation
                - name: the same key 80 days in passes
                  now: 2026-03-22T00:00:00Z
                  resource: {type: aws.iam.user, properties: {keys: [{created: "2026-01-01T00:00:00Z"}]}}
                  expect: pass
                - name: sandbox is out of scope
                  resource: {type: aws.iam.user, account: sandbox, properties: {keys: []}}
                  expect: out_of_scope
                - name: another type is out of scope
                  resource: {type: aws.s3.bucket}
                  expect: out_of_scope
                - name: without now the run's start is used
                  resource: {type: aws.iam.user, properties: {keys: [{created: "2026-05-01T00:00:00Z"}]}}
                  expect: pass
            """;

    @Test
    void run_reportsEachTestAgainstItsExpectation() {
        PolicyTestReport report = new PolicyTestRunner(CLOCK).run(compiled(KEY_AGE));
        assertThat(report.tests()).extracting(PolicyTestReport.TestOutcome::actual)
                .containsExactly("violation", "pass", "out_of_scope", "out_of_scope", "pass");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void run_failsATestWhoseOutcomeDiffersAndReportsErrors() {
        String yaml = KEY_AGE.replace("expect: pass\n    - name: sandbox", "expect: violation\n    - name: sandbox")
                + """
                    - name: missing keys field errors
                      resource: {type: aws.iam.user}
                      expect: pass
                """;
        PolicyTestReport report = new PolicyTestRunner(CLOCK).run(compiled(yaml));
        assertThat(report.passed()).isFalse();
        assertThat(report.tests().get(1).pass()).isFalse();
        assertThat(report.tests().get(1).actual()).isEqualTo("pass");
        PolicyTestReport.TestOutcome errored = report.tests().get(5);
        assertThat(errored.actual()).isEqualTo("error");
        assertThat(errored.error()).hasValueSatisfying(m -> assertThat(m).contains("keys"));
    }

    @Test
    void run_listsTheGivenResourcesThatViolate() {
        PolicyTestReport report = new PolicyTestRunner(CLOCK).run(compiled(KEY_AGE), List.of(
                Map.of("id", "old", "type", "aws.iam.user", "properties", Map.of("keys", List.of(Map.of("created", "2020-01-01T00:00:00Z")))),
                Map.of("id", "new", "type", "aws.iam.user", "properties", Map.of("keys", List.of())),
                Map.of("id", "other", "type", "aws.s3.bucket")));
        assertThat(report.matches()).containsExactly("old");
    }

    @Test
    void files_validateReportsFileLineAndColumnAndTestRunsEveryPolicy(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.yaml"), KEY_AGE);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/bad.yml"), KEY_AGE.replace("aws-iam-old-keys", "bad-one")
                .replace("ageDays(timestamp(k.created)) > 90", "ageDays(undefinedFn(k)) > 90"));
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        PolicyFiles files = new PolicyFiles(new PolicyLoader(), compiler, CLOCK);
        PolicyFiles.Validation v = files.validate(List.of(dir));
        assertThat(v.ok()).isFalse();
        assertThat(v.policies()).extracting(CompiledPolicy::id).containsExactly("aws-iam-old-keys");
        assertThat(v.errors()).singleElement().satisfies(e -> {
            assertThat(e.describe()).startsWith(dir.resolve("sub/bad.yml") + ":7:");
            assertThat(e.issue().field()).isEqualTo("spec.violation");
        });
        PolicyFiles.TestRun run = files.test(List.of(dir.resolve("good.yaml")));
        assertThat(run.passed()).isTrue();
        assertThat(run.testCount()).isEqualTo(5);
        assertThat(files.test(List.of(dir)).passed()).isFalse();
    }

    @Test
    void files_reportDuplicateIdsAndWarnAboutUnknownHandlers(@TempDir Path dir) throws Exception {
        String withRemediation = KEY_AGE.replace("  tests:", "  remediation: {handler: aws.iam.rotate-key}\n  tests:");
        Files.writeString(dir.resolve("a.yaml"), withRemediation);
        Files.writeString(dir.resolve("b.yaml"), KEY_AGE);
        PolicyFiles.Validation v = new PolicyFiles(new PolicyLoader(), compiler, CLOCK)
                .validate(List.of(dir), java.util.Set.of("aws.s3.enable-default-encryption"));
        assertThat(v.errors()).singleElement().satisfies(e -> assertThat(e.issue().message()).contains("duplicate policy id"));
        assertThat(v.warnings()).singleElement().satisfies(w -> assertThat(w).contains("aws.iam.rotate-key"));
    }

    @Test
    void files_missingPathIsAUsageError(@TempDir Path dir) {
        assertThatThrownBy(() -> new PolicyFiles(new PolicyLoader(), compiler, CLOCK).validate(List.of(dir.resolve("nope"))))
                .isInstanceOf(PraetorException.class).hasMessageContaining("no such file");
    }
}
