package io.praetor.domain.decide;

import static io.praetor.domain.decide.DecideFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.usecase.PolicyTestReport;
import io.praetor.ports.usecase.PolicyValidation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyServiceTest {
    private final DecideFixture fx = new DecideFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void putPolicy_storesWithVersionAuthorAndSource() {
        Policy p = fx.put("p-one", "aws.s3.bucket", "true");
        assertThat(p.version()).isEqualTo(1);
        assertThat(p.updatedBy()).isEqualTo("alice");
        assertThat(p.updatedAt()).isEqualTo(fx.clock.instant());
        assertThat(p.sourceYaml()).contains("id: p-one");
        assertThat(fx.policies.policy(VIEWER, "p-one")).contains(p);
        assertThat(fx.policies.policies(VIEWER)).containsExactly(p);
    }

    @Test
    void putPolicy_rejectsAMismatchedIdAndCompileErrorsWithLocations() {
        assertThatThrownBy(() -> fx.policies.putPolicy(ADMIN, "other", policyYaml("p-one", "aws.s3.bucket", "true", "")))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues()).singleElement().satisfies(i -> assertThat(i.field()).isEqualTo("metadata.id"));
                });
        assertThatThrownBy(() -> fx.policies.putPolicy(ADMIN, "p-one", policyYaml("p-one", "aws.s3.bucket", "resource.x +", "")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.issues()).singleElement()
                        .satisfies(i -> assertThat(i.line()).isEqualTo(10)));
        assertThatThrownBy(() -> fx.policies.putPolicy(VIEWER, "p-one", policyYaml("p-one", "aws.s3.bucket", "true", "")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThat(fx.policies.policies(VIEWER)).isEmpty();
    }

    @Test
    void validate_returnsIssuesAsValuesAndWarnsAboutUnknownHandlers() {
        PolicyValidation ok = fx.policies.validate(VIEWER, policyYaml("p-one", "aws.s3.bucket", "true",
                "  remediation: {handler: aws.s3.enable-default-encryption}\n"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.warnings()).isEmpty();
        PolicyValidation warned = fx.policies.validate(VIEWER, policyYaml("p-one", "aws.s3.bucket", "true",
                "  remediation: {handler: aws.s3.nope}\n"));
        assertThat(warned.ok()).isTrue();
        assertThat(warned.warnings()).singleElement().satisfies(w -> assertThat(w).contains("aws.s3.nope"));
        PolicyValidation bad = fx.policies.validate(VIEWER, policyYaml("p-one", "aws.s3.bucket", "nope(1)", "  mode: x\n"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.errors()).extracting(i -> i.field()).contains("spec.mode");
        PolicyValidation badCel = fx.policies.validate(VIEWER, policyYaml("p-one", "aws.s3.bucket", "nope(1)", ""));
        assertThat(badCel.errors()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("spec.violation");
            assertThat(i.line()).isEqualTo(10);
        });
    }

    @Test
    void test_runsInlineTestsAndMatchesGivenResources() {
        String yaml = policyYaml("p-one", "aws.s3.bucket", "resource.properties.?public.orValue(false)", """
                  tests:
                    - name: public violates
                      resource: {type: aws.s3.bucket, properties: {public: true}}
                      expect: violation
                    - name: private passes
                      resource: {type: aws.s3.bucket}
                      expect: pass
                """);
        PolicyTestReport report = fx.policies.test(VIEWER, yaml, List.of(
                Map.of("id", "pub", "type", "aws.s3.bucket", "properties", Map.of("public", true)),
                Map.of("id", "priv", "type", "aws.s3.bucket")));
        assertThat(report.passed()).isTrue();
        assertThat(report.tests()).hasSize(2);
        assertThat(report.matches()).containsExactly("pub");
        assertThatThrownBy(() -> fx.policies.test(VIEWER, "kind: Policy", List.of()))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }
}
