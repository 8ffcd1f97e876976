package io.praetor.domain.decide.engine;

import static io.praetor.domain.decide.engine.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.ports.InputIssue;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyVariable;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every case runs on both CEL runtimes. */
class PolicyCompilerTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static CompiledPolicy compile(CelRuntimeFlavor flavor, Policy p) {
        PolicyCompilation c = new PolicyCompiler(flavor).compile(p);
        assertThat(c.issues()).isEmpty();
        return c.policy().orElseThrow();
    }

    private static PolicyOutcome eval(CelRuntimeFlavor flavor, String violation, Map<String, Object> props) {
        CompiledPolicy p = compile(flavor, policy("p-x", "aws.s3.bucket", violation));
        return p.evaluate(ResourceActivation.of(resource("r1", "aws.s3.bucket", props)), NOW);
    }

    private static boolean truth(CelRuntimeFlavor flavor, String violation, Map<String, Object> props) {
        PolicyOutcome o = eval(flavor, violation, props);
        assertThat(o).isInstanceOfAny(PolicyOutcome.Pass.class, PolicyOutcome.Violation.class);
        return o instanceof PolicyOutcome.Violation;
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_exposesTheEnvelopeFieldsWithTheirTypes(CelRuntimeFlavor f) {
        assertThat(truth(f, "resource.id == 'r1' && resource.type == 'aws.s3.bucket' && resource.provider == 'aws'"
                + " && resource.region == 'us-east-1' && resource.account == '111122223333' && resource.source == 'praetor'"
                + " && resource.name == 'name-r1' && resource.tags.env == 'prod'", Map.of())).isTrue();
        assertThat(truth(f, "resource.observed_at < now && now - resource.observed_at > duration('24h')", Map.of())).isTrue();
        assertThat(truth(f, "resource.properties.size() == 0", Map.of())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_readsJsonTreesWithIntsDoublesAndNulls(CelRuntimeFlavor f) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("count", 3L);
        props.put("ratio", 0.5);
        props.put("nothing", null);
        props.put("nested", new HashMap<>(Map.of("list", List.of(1L, "two", true))));
        assertThat(truth(f, "resource.properties.count == 3 && type(resource.properties.count) == int", props)).isTrue();
        assertThat(truth(f, "type(resource.properties.ratio) == double", props)).isTrue();
        assertThat(truth(f, "resource.properties.nothing == null && has(resource.properties.nothing)", props)).isTrue();
        assertThat(truth(f, "resource.properties.nested.list[1] == 'two' && resource.properties.nested.list[2]", props)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_comparesIntsAndDoublesHeterogeneously(CelRuntimeFlavor f) {
        assertThat(truth(f, "1.0 < 2", Map.of())).isTrue();
        assertThat(truth(f, "resource.properties.days >= 30.5", Map.of("days", 31L))).isTrue();
        assertThat(truth(f, "resource.properties.days < 30.5", Map.of("days", 31L))).isFalse();
        assertThat(truth(f, "resource.properties.v == 2", Map.of("v", 2.0))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_supportsOptionalSyntax(CelRuntimeFlavor f) {
        Map<String, Object> props = Map.of("a", Map.of("b", 1L));
        assertThat(truth(f, "resource.properties.?a.?b.orValue(0) == 1", props)).isTrue();
        assertThat(truth(f, "resource.properties.?x.?y.orValue(7) == 7", props)).isTrue();
        assertThat(truth(f, "resource.properties[?'a'].hasValue() && !resource.properties[?'zz'].hasValue()", props)).isTrue();
        assertThat(truth(f, "resource.tags[?'owner'].orValue('') == ''", props)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_supportsStandardMacrosAndStrings(CelRuntimeFlavor f) {
        Map<String, Object> props = Map.of("rules", List.of(Map.of("port", 22L), Map.of("port", 443L)), "s", "  Hello,World ");
        assertThat(truth(f, "has(resource.properties.rules) && !has(resource.properties.other)", props)).isTrue();
        assertThat(truth(f, "resource.properties.rules.exists(r, r.port == 22)", props)).isTrue();
        assertThat(truth(f, "resource.properties.rules.all(r, r.port > 0)", props)).isTrue();
        assertThat(truth(f, "resource.properties.rules.exists_one(r, r.port == 443)", props)).isTrue();
        assertThat(truth(f, "resource.properties.rules.map(r, r.port) == [22, 443]", props)).isTrue();
        assertThat(truth(f, "resource.properties.rules.filter(r, r.port > 100).size() == 1", props)).isTrue();
        assertThat(truth(f, "resource.properties.s.trim().lowerAscii().split(',') == ['hello', 'world']", props)).isTrue();
        assertThat(truth(f, "resource.properties.s.replace('World', 'X').contains('X')", props)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_extraFunctions(CelRuntimeFlavor f) {
        Map<String, Object> props = Map.of("created", "2026-01-30T00:00:00Z", "cidr", "0.0.0.0/0", "from", 20L);
        assertThat(truth(f, "ageDays(timestamp(resource.properties.created)) == 30", props)).isTrue();
        assertThat(truth(f, "ageDays(resource.observed_at) == 59", props)).isTrue();
        assertThat(truth(f, "cidrContains('10.0.0.0/8', '10.1.2.3') && !cidrContains('10.0.0.0/8', '11.0.0.1')", props)).isTrue();
        assertThat(truth(f, "isPublicCidr(resource.properties.cidr) && !isPublicCidr('10.0.0.0/16')", props)).isTrue();
        assertThat(truth(f, "portInRange(22, 22) && portInRange('20-25', 22) && portInRange('*', 3389)"
                + " && portInRange('Any', 1) && portInRange(-1, 80) && portInRange('22', 22) && !portInRange('23', 22)", props)).isTrue();
        assertThat(truth(f, "portInRange(resource.properties.from, 20)", props)).isTrue();
        assertThat(truth(f, "semverLess('1.2.3', '1.10.0') && !semverLess('2.0.0', '1.9.9') && semverLess('v1.0.0-rc.1', '1.0.0')", props)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_semverLessOnTextThatIsNotAVersionIsAnError(CelRuntimeFlavor f) {
        assertThat(eval(f, "semverLess('latest', '1.0.0')", Map.of()))
                .isInstanceOfSatisfying(PolicyOutcome.Error.class, e -> assertThat(e.message()).contains("latest"));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_missingFieldIsAnErrorOfThePairNotAnException(CelRuntimeFlavor f) {
        assertThat(eval(f, "resource.properties.nope == 1", Map.of()))
                .isInstanceOfSatisfying(PolicyOutcome.Error.class, e -> assertThat(e.message()).startsWith("spec.violation").contains("nope"));
        assertThat(eval(f, "1 / resource.properties.zero == 1", Map.of("zero", 0L))).isInstanceOf(PolicyOutcome.Error.class);
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_violationOfDynTypeThatIsNotBoolIsAnError(CelRuntimeFlavor f) {
        assertThat(eval(f, "resource.properties.n", Map.of("n", 1L)))
                .isInstanceOfSatisfying(PolicyOutcome.Error.class, e -> assertThat(e.message()).contains("expected bool"));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_scopeFalseIsOutOfScopeAndTypeMismatchToo(CelRuntimeFlavor f) {
        Policy p = withParams(withScope(policy("p-x", "aws.s3.bucket", "true"), "!(resource.account in params.sandbox)"),
                Map.of("sandbox", List.of("111122223333")));
        CompiledPolicy c = compile(f, p);
        assertThat(c.evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW)).isEqualTo(PolicyOutcome.OUT_OF_SCOPE);
        assertThat(c.evaluate(ResourceActivation.of(resource("r", "aws.ec2.volume", Map.of())), NOW)).isEqualTo(PolicyOutcome.OUT_OF_SCOPE);
        CompiledPolicy other = compile(f, withParams(p, Map.of("sandbox", List.of())));
        assertThat(other.evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW))
                .isInstanceOf(PolicyOutcome.Violation.class);
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_rendersMessageTemplatesAndDefaultsToTheTitle(CelRuntimeFlavor f) {
        Resource r = resource("r9", "aws.s3.bucket", Map.of("n", 3L, "m", Map.of("k", "v")));
        CompiledPolicy templated = compile(f, withMessage(policy("p-x", "aws.s3.bucket", "true"),
                "Bucket ${resource.name} has ${resource.properties.n + 1} rules, ${ {'a': 'b'}.a } ${resource.properties.m}"));
        assertThat(templated.evaluate(ResourceActivation.of(r), NOW))
                .isEqualTo(new PolicyOutcome.Violation("Bucket name-r9 has 4 rules, b {k: v}", 7.0));
        CompiledPolicy plain = compile(f, policy("p-x", "aws.s3.bucket", "true"));
        assertThat(plain.evaluate(ResourceActivation.of(r), NOW)).isEqualTo(new PolicyOutcome.Violation("Title of p-x", 7.0));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void evaluate_riskExpressionIsTheWholeRiskScore(CelRuntimeFlavor f) {
        CompiledPolicy c = compile(f, withRisk(policy("p-x", "aws.s3.bucket", "true"),
                "severity_weight * (resource.tags.?env.orValue('') == 'prod' ? 2.0 : 1.0)"));
        assertThat(c.evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW))
                .isEqualTo(new PolicyOutcome.Violation("Title of p-x", 14.0));
        CompiledPolicy intRisk = compile(f, withRisk(policy("p-x", "aws.s3.bucket", "true"), "3"));
        assertThat(intRisk.evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW))
                .isEqualTo(new PolicyOutcome.Violation("Title of p-x", 3.0));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void variables_areLazyAndEvaluatedAtMostOncePerResource(CelRuntimeFlavor f) {
        Policy p = withVariables(policy("p-x", "aws.s3.bucket",
                        "variables.rules.size() > 1 && variables.rules.size() < 10 && variables.count == variables.rules.size()"),
                new PolicyVariable("rules", "resource.properties.rules"),
                new PolicyVariable("count", "variables.rules.size()"),
                new PolicyVariable("broken", "resource.properties.missing.field"));
        p = withMessage(p, "${variables.count} rules");
        CompiledPolicy c = compile(f, p);
        PolicyOutcome o = c.evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of("rules", List.of(1L, 2L)))), NOW);
        // the unused, failing variable never runs; each used one runs once for this resource
        assertThat(o).isEqualTo(new PolicyOutcome.Violation("2 rules", 7.0));
        assertThat(c.variableEvaluations()).isEqualTo(2);
        c.evaluate(ResourceActivation.of(resource("r2", "aws.s3.bucket", Map.of("rules", List.of()))), NOW);
        assertThat(c.variableEvaluations()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void variables_carryTheTypeOfTheirExpression(CelRuntimeFlavor f) {
        Policy p = withVariables(policy("p-x", "aws.s3.bucket", "variables.n + 1"),
                new PolicyVariable("n", "1"));
        PolicyCompilation c = new PolicyCompiler(f).compile(p);
        assertThat(c.hasErrors()).isTrue();
        assertThat(c.issues()).singleElement().satisfies(i -> assertThat(i.message()).contains("bool"));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void variables_failingVariableMakesThePairAnErrorNamingIt(CelRuntimeFlavor f) {
        Policy p = withVariables(policy("p-x", "aws.s3.bucket", "variables.broken == 1"),
                new PolicyVariable("broken", "resource.properties.missing"));
        PolicyOutcome o = compile(f, p).evaluate(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW);
        assertThat(o).isInstanceOfSatisfying(PolicyOutcome.Error.class,
                e -> assertThat(e.message()).contains("spec.variables[0] (broken)"));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void compile_reportsProblemsAtTheirYamlLineAndColumn(CelRuntimeFlavor f) {
        String yaml = """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata: {id: p-bad, title: t, severity: low}
                spec:
                  resource: aws.s3.bucket
                  variables:
                    - name: v
                      expression: resource.properties.x +
                  violation: 'resource.name == undefinedThing'
                  message: 'Bad ${resource.nme + } here'
                  risk: '"text"'
                """;
        LoadedPolicy loaded = new PolicyLoader().load(yaml).policies().get(0);
        PolicyCompilation c = new PolicyCompiler(f).compile(loaded.policy(), loaded.locators());
        assertThat(c.hasErrors()).isTrue();
        Map<String, InputIssue> byField = new HashMap<>();
        c.issues().forEach(i -> byField.putIfAbsent(i.field(), i));
        assertThat(byField).containsKeys("spec.variables[0].expression", "spec.violation", "spec.message", "spec.risk");
        InputIssue violation = byField.get("spec.violation");
        // 'resource.name == undefinedThing': the quote is at column 14, undefinedThing starts 17 chars later
        assertThat(violation.line()).isEqualTo(9);
        assertThat(violation.column()).isEqualTo(15 + 17);
        assertThat(violation.message()).contains("undefinedThing");
        assertThat(byField.get("spec.message").line()).isEqualTo(10);
        assertThat(byField.get("spec.message").column()).isGreaterThan(20);
        assertThat(byField.get("spec.variables[0].expression").line()).isEqualTo(8);
        assertThat(byField.get("spec.risk").message()).contains("must evaluate to double");
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void compile_rejectsSeverityWeightOutsideRiskAndUnknownFunctions(CelRuntimeFlavor f) {
        PolicyCompilation c = new PolicyCompiler(f).compile(policy("p-x", "aws.s3.bucket", "severity_weight > 1.0"));
        assertThat(c.hasErrors()).isTrue();
        assertThat(new PolicyCompiler(f).compile(policy("p-x", "aws.s3.bucket", "frobnicate(1)")).hasErrors()).isTrue();
        assertThat(new PolicyCompiler(f).compile(withMessage(policy("p-x", "aws.s3.bucket", "true"), "oops ${resource.name")).issues())
                .singleElement().satisfies(i -> assertThat(i.message()).contains("unterminated"));
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void selector_matchesResourcesAndErrorsMatchNothing(CelRuntimeFlavor f) {
        PolicyCompiler compiler = new PolicyCompiler(f);
        CompiledSelector s = compiler.compileSelector("resource.tags.?env.orValue('') == 'prod'").selector().orElseThrow();
        assertThat(s.matches(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW)).isTrue();
        CompiledSelector failing = compiler.compileSelector("resource.properties.nope == 1").selector().orElseThrow();
        assertThat(failing.matches(ResourceActivation.of(resource("r", "aws.s3.bucket", Map.of())), NOW)).isFalse();
        assertThat(compiler.compileSelector("1 + 1").issues()).isNotEmpty();
        assertThat(compiler.compileSelector("resource.name ==").issues()).isNotEmpty();
    }
}
