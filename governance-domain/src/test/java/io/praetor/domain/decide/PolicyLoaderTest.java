package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.engine.SourcePosition;
import io.praetor.ports.InputIssue;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
    private final PolicyLoader loader = new PolicyLoader();

    static final String FULL = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: aws-s3-bucket-default-encryption
              title: S3 buckets encrypt objects by default
              description: Buckets without a default encryption rule store new objects in clear.
              severity: high
              frameworks:
                cis-aws-3.0: ["2.1.1"]
                nist-800-53-r5: ["SC-28"]
              labels: {team: platform}
            spec:
              resource: aws.s3.bucket
              scope: '!(resource.account in params.sandbox_accounts)'
              variables:
                - name: sse
                  expression: 'resource.properties.?supplementaryConfiguration.?ServerSideEncryptionConfiguration'
              violation: 'variables.sse.?rules.orValue([]).size() == 0'
              message: 'Bucket ${resource.name} has no default encryption'
              risk: 'severity_weight * (resource.tags.?env.orValue("") == "prod" ? 2.0 : 1.0)'
              params: {sandbox_accounts: ["999900001111"], limit: 3, ratio: 0.5, flag: true, none: null}
              mode: auto
              remediation:
                handler: aws.s3.enable-default-encryption
                params: {algorithm: AES256}
              tests:
                - name: unencrypted bucket violates
                  now: 2026-01-01T00:00:00Z
                  resource: {type: aws.s3.bucket, name: logs, properties: {}}
                  expect: violation
                - name: encrypted bucket passes
                  resource: {type: aws.s3.bucket, properties: {a: 1}}
                  expect: pass
            """;

    @Test
    void load_readsEveryFieldOfTheFormat() {
        PolicyParse parse = loader.load(FULL);
        assertThat(parse.issues()).isEmpty();
        assertThat(parse.hasErrors()).isFalse();
        Policy p = parse.policies().get(0).policy();
        assertThat(p.id()).isEqualTo("aws-s3-bucket-default-encryption");
        assertThat(p.severity()).isEqualTo(Severity.HIGH);
        assertThat(p.frameworks()).containsEntry("cis-aws-3.0", List.of("2.1.1")).containsEntry("nist-800-53-r5", List.of("SC-28"));
        assertThat(p.labels()).containsEntry("team", "platform");
        assertThat(p.resourceTypes()).containsExactly("aws.s3.bucket");
        assertThat(p.scope()).contains("!(resource.account in params.sandbox_accounts)");
        assertThat(p.variables()).hasSize(1);
        assertThat(p.variables().get(0).name()).isEqualTo("sse");
        assertThat(p.message()).contains("Bucket ${resource.name} has no default encryption");
        assertThat(p.risk()).isPresent();
        assertThat(p.params()).containsEntry("limit", 3L).containsEntry("ratio", 0.5).containsEntry("flag", true)
                .containsEntry("none", null).containsEntry("sandbox_accounts", List.of("999900001111"));
        assertThat(p.mode()).isEqualTo(PolicyMode.AUTO);
        assertThat(p.remediation()).hasValueSatisfying(r -> {
            assertThat(r.handler()).isEqualTo("aws.s3.enable-default-encryption");
            assertThat(r.params()).containsEntry("algorithm", "AES256");
        });
        assertThat(p.tests()).hasSize(2);
        assertThat(p.tests().get(0).now()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(p.tests().get(0).expect()).isEqualTo(PolicyTestCase.Expectation.VIOLATION);
        assertThat(p.tests().get(1).now()).isEmpty();
        assertThat(p.tests().get(1).resource()).containsEntry("properties", Map.of("a", 1L));
        assertThat(p.sourceYaml()).isEqualTo(FULL);
    }

    @Test
    void load_locatesExpressionsInTheYaml() {
        LoadedPolicy loaded = loader.load(FULL).policies().get(0);
        // violation: '...' is on line 18, the quote at column 14, so the text starts at column 15
        assertThat(loaded.locators().get("spec.violation").locate(1, 0)).isEqualTo(new SourcePosition(18, 15));
        assertThat(loaded.locators().get("spec.violation").locate(1, 10)).isEqualTo(new SourcePosition(18, 25));
        assertThat(loaded.locators()).containsKeys("spec.scope", "spec.variables[0].expression", "spec.message", "spec.risk");
    }

    @Test
    void load_mapsBlockScalarLinesToTheSource() {
        String yaml = minimal("violation: |\n    resource.name == 'x' ||\n      resource.name == 'y'\n");
        LoadedPolicy loaded = loader.load(yaml).policies().get(0);
        int violationLine = lineOf(yaml, "violation:");
        assertThat(loaded.locators().get("spec.violation").locate(2, 2))
                .isEqualTo(new SourcePosition(violationLine + 2, 5 + 2));
    }

    @Test
    void load_defaultsModeToManualAndOptionalFieldsToEmpty() {
        Policy p = loader.load(minimal("violation: 'true'\n")).policies().get(0).policy();
        assertThat(p.mode()).isEqualTo(PolicyMode.MANUAL);
        assertThat(p.scope()).isEmpty();
        assertThat(p.message()).isEmpty();
        assertThat(p.risk()).isEmpty();
        assertThat(p.params()).isEmpty();
        assertThat(p.description()).isEmpty();
    }

    @Test
    void load_readsSeveralDocumentsAndAResourceList() {
        String yaml = minimal("violation: 'true'\n") + "---\n" + minimal("violation: 'false'\n").replace("id: p-one", "id: p-two")
                .replace("resource: aws.s3.bucket", "resource: [aws.s3.bucket, aws.ec2.*]");
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.issues()).isEmpty();
        assertThat(parse.policies()).extracting(l -> l.policy().id()).containsExactly("p-one", "p-two");
        assertThat(parse.policies().get(1).policy().resourceTypes()).containsExactly("aws.s3.bucket", "aws.ec2.*");
        assertThat(parse.policies().get(1).policy().sourceYaml()).contains("p-two").doesNotContain("p-one");
    }

    @Test
    void load_reportsUnknownKeysWithLineAndColumn() {
        String yaml = minimal("violation: 'true'\n  severty: high\n");
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.policies()).isEmpty();
        assertThat(parse.issues()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("spec.severty");
            assertThat(i.line()).isEqualTo(lineOf(yaml, "severty"));
            assertThat(i.column()).isEqualTo(3);
            assertThat(i.message()).contains("unknown key");
        });
    }

    @Test
    void load_rejectsABadIdSeverityModeAndMissingViolation() {
        String yaml = """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata:
                  id: Bad_Id
                  title: t
                  severity: urgent
                spec:
                  resource: aws.s3.bucket
                  mode: sometimes
                """;
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.policies()).isEmpty();
        assertThat(parse.issues()).extracting(InputIssue::field)
                .containsExactlyInAnyOrder("metadata.id", "metadata.severity", "spec.violation", "spec.mode");
        InputIssue id = parse.issues().stream().filter(i -> i.field().equals("metadata.id")).findFirst().orElseThrow();
        assertThat(id.line()).isEqualTo(4);
        assertThat(id.column()).isEqualTo(7);
    }

    @Test
    void load_rejectsWrongTypes() {
        String yaml = """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata:
                  id: p-one
                  title: [not, a, string]
                  severity: low
                  frameworks: {cis: "1.1"}
                spec:
                  resource: {a: b}
                  violation: 'true'
                  params: [1, 2]
                  variables: {name: x}
                  tests:
                    - name: t
                      resource: {}
                      expect: maybe
                      now: yesterday
                """;
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.issues()).extracting(InputIssue::field).contains("metadata.title", "metadata.frameworks.cis",
                "spec.resource", "spec.params", "spec.variables", "spec.tests[0].expect", "spec.tests[0].now");
    }

    @Test
    void load_rejectsWrongApiVersionKindAndDuplicateVariables() {
        String yaml = minimal("""
                violation: 'true'
                  variables:
                    - {name: a, expression: '1'}
                    - {name: a, expression: '2'}
                    - {name: 9x, expression: '3'}
                """).replace("praetor.io/v1", "praetor.io/v2").replace("kind: Policy", "kind: Rule");
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.issues()).extracting(InputIssue::field)
                .containsExactlyInAnyOrder("apiVersion", "kind", "spec.variables[1].name", "spec.variables[2].name");
    }

    @Test
    void load_reportsMalformedYamlAtItsPosition() {
        PolicyParse parse = loader.load("apiVersion: praetor.io/v1\nkind: [Policy\n");
        assertThat(parse.policies()).isEmpty();
        assertThat(parse.issues()).singleElement().satisfies(i -> {
            assertThat(i.message()).startsWith("malformed YAML");
            assertThat(i.line()).isGreaterThan(0);
        });
    }

    @Test
    void load_keepsGoodDocumentsWhenAnotherIsBad() {
        String yaml = minimal("violation: 'true'\n") + "---\n" + "apiVersion: praetor.io/v1\nkind: Policy\n";
        PolicyParse parse = loader.load(yaml);
        assertThat(parse.policies()).hasSize(1);
        assertThat(parse.issues()).extracting(InputIssue::field).containsExactlyInAnyOrder("metadata", "spec");
        assertThat(parse.issues()).allSatisfy(i -> assertThat(i.line()).isGreaterThan(9));
    }

    @Test
    void load_rejectsAnEmptyText() {
        assertThat(loader.load("").issues()).singleElement().satisfies(i -> assertThat(i.message()).contains("no policy"));
    }

    static String minimal(String specTail) {
        return """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata:
                  id: p-one
                  title: A title
                  severity: medium
                spec:
                  resource: aws.s3.bucket
                """ + "  " + specTail;
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) return i + 1;
        }
        throw new AssertionError(needle);
    }
}
