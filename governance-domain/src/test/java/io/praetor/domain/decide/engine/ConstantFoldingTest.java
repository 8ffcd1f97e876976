package io.praetor.domain.decide.engine;

import static io.praetor.domain.decide.engine.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyVariable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ExpressionOptimization#FOLD_CONSTANTS} gives the outcome the expression as written gives,
 * error messages included, on both runtimes: each case is evaluated with folding on and off.
 */
class ConstantFoldingTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    static Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("v", 1L);
        params.put("ratio", 0.5);
        params.put("on", true);
        params.put("ports", List.of(22L, 3389L));
        params.put("algos", List.of("AES256", "aws:kms"));
        params.put("quoted", "a\"b\\c\n\u00e9\u2603");
        params.put("mixed", List.of(1L, "two", 3.5));
        params.put("nested", Map.of("k", "x"));
        params.put("huge", Long.MIN_VALUE);
        params.put("in", 3L); // a CEL reserved word: read as params['in']
        return params;
    }

    static final Map<String, Object> PROPS = Map.of(
            "x", 10L, "port", 3389L, "algo", "aws:kms", "name", "a\"b\\c\n\u00e9\u2603",
            "rules", List.of(Map.of("p", 22L), Map.of("p", 80L)), "opt", Map.of("y", "z"));

    static PolicyOutcome eval(CelRuntimeFlavor f, ExpressionOptimization o, Policy p, Map<String, Object> props) {
        PolicyCompilation c = new PolicyCompiler(f, o).compile(p);
        assertThat(c.issues()).isEmpty();
        return c.policy().orElseThrow().evaluate(ResourceActivation.of(resource("r1", "aws.s3.bucket", props)), NOW);
    }

    /** The outcome with folding; asserts it is the outcome without. */
    static PolicyOutcome same(CelRuntimeFlavor f, Policy p) {
        PolicyOutcome folded = eval(f, ExpressionOptimization.FOLD_CONSTANTS, p, PROPS);
        assertThat(folded).as(p.violation()).isEqualTo(eval(f, ExpressionOptimization.NONE, p, PROPS));
        return folded;
    }

    static PolicyOutcome same(CelRuntimeFlavor f, String violation) {
        return same(f, withParams(policy("p-x", "aws.s3.bucket", violation), params()));
    }

    static boolean violates(CelRuntimeFlavor f, String violation) {
        PolicyOutcome o = same(f, violation);
        assertThat(o).as(violation).isInstanceOfAny(PolicyOutcome.Pass.class, PolicyOutcome.Violation.class);
        return o instanceof PolicyOutcome.Violation;
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void inlinedParamsGiveTheSameResults(CelRuntimeFlavor f) {
        assertThat(violates(f, "resource.properties.x < 7 * (params.v + 1) + 1")).isTrue();
        assertThat(violates(f, "params.ports[params.v] == resource.properties.port")).isTrue();
        assertThat(violates(f, "resource.properties.algo in params.algos && params.v >= 0")).isTrue();
        assertThat(violates(f, "resource.properties.port in params.ports")).isTrue();
        assertThat(violates(f, "resource.properties.x > params.ratio && params.on")).isTrue();
        assertThat(violates(f, "resource.properties.name == params.quoted")).isTrue();
        assertThat(violates(f, "params.mixed[2] < resource.properties.x && params.mixed[1] == 'two'")).isTrue();
        assertThat(violates(f, "has(params.v) && !has(params.absent) && has(params.nested.k)")).isTrue();
        assertThat(violates(f, "params.nested.k == 'x' && params['in'] == 3")).isTrue();
        assertThat(violates(f, "params.huge < 0")).isTrue();
        assertThat(violates(f, "params.?v.orValue(0) == 1 && params.?absent.orValue(2) == 2")).isTrue();
        assertThat(violates(f, "resource.properties.rules.exists(r, r.p == params.ports[0])")).isTrue();
        assertThat(violates(f, "resource.properties.rules.all(r, r.p < params.ports[params.v])")).isTrue();
        assertThat(violates(f, "resource.properties.?opt.?y.orValue('') == 'z' && params.v == 1")).isTrue();
        assertThat(violates(f, "params.v == 2 || resource.properties.x == 3")).isFalse();
        assertThat(violates(f, "size(params.algos) + params.v == 3")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void aMacroVariableNamedParamsHidesTheParams(CelRuntimeFlavor f) {
        // cel-java's inliner would replace params.v inside the macro too: folding must not inline here
        assertThat(violates(f, "[{'v': 2}].exists(params, params.v == 1)")).isFalse();
        assertThat(violates(f, "[{'v': 2}].exists(params, params.v == 2) && params.v == 1")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void errorsStayErrorsWithTheSameMessage(CelRuntimeFlavor f) {
        List<String> failing = List.of("params.ports[params.v + 5] == 1", "params.ratio + 1 > 0",
                "params.absent == 1", "resource.properties.missing == params.v", "params.v / 0 == 1");
        for (String violation : failing) {
            assertThat(same(f, violation)).as(violation).isInstanceOf(PolicyOutcome.Error.class);
        }
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void scopeVariablesMessageAndRiskAreFoldedAlike(CelRuntimeFlavor f) {
        Policy p = withParams(withRisk(withMessage(withScope(withVariables(
                                policy("p-x", "aws.s3.bucket", "variables.limit < resource.properties.x"),
                                new PolicyVariable("limit", "params.ports[0] - 20 + params.v")),
                        "!(resource.account in params.algos) && params.on"),
                "${params.algos} over ${variables.limit}"), "severity_weight * double(params.v + 1) + params.ratio"), params());
        assertThat(same(f, p)).isEqualTo(new PolicyOutcome.Violation("[AES256, aws:kms] over 3", 14.5));
        Policy outOfScope = withScope(p, "params.v == 2");
        assertThat(same(f, outOfScope)).isEqualTo(PolicyOutcome.OUT_OF_SCOPE);
    }

    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void paramsThatAreNotLiteralsAreReadAtRunTime(CelRuntimeFlavor f) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<Object> withNull = new ArrayList<>();
        withNull.add(1L);
        withNull.add(null);
        params.put("list", List.of(1L, 2.5, "x")); // mixed types
        params.put("map", Map.of("a", List.of(1L)));
        params.put("bad key", 1L);
        Policy p = withParams(policy("p-x", "aws.s3.bucket",
                "params.list[0] == 1 && params.map.a[0] == 1 && params['bad key'] == 1"), params);
        assertThat(same(f, p)).isInstanceOf(PolicyOutcome.Violation.class);
        // a NaN or a JSON null in params is whatever the runtime makes of it, with folding or without
        params.put("nan", Double.NaN);
        params.put("nothing", null);
        params.put("list", withNull);
        same(f, withParams(policy("p-x", "aws.s3.bucket", "params.nan != params.nan"), params));
        same(f, withParams(policy("p-x", "aws.s3.bucket", "params.list[1] == null"), params));
        same(f, withParams(policy("p-x", "aws.s3.bucket", "params.nothing == null && params.v == 1"), params));
    }
}
