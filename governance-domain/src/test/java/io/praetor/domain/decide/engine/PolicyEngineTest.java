package io.praetor.domain.decide.engine;

import static io.praetor.domain.decide.engine.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private final PolicyCompiler compiler = new PolicyCompiler();

    private CompiledPolicy compile(Policy p) {
        return compiler.compile(p).policy().orElseThrow();
    }

    @Test
    void policiesFor_matchesExactTypesAndPrefixes() {
        PolicyEngine engine = PolicyEngine.of(List.of(
                compile(policy("p-exact", "aws.s3.bucket", "true")),
                compile(policy("p-s3", "aws.s3.*", "true")),
                compile(policy("p-aws", "aws.*", "true")),
                compile(withTypes(policy("p-list", "x", "true"), "aws.ec2.volume", "gcp.storage.bucket")),
                compile(policy("p-gcp", "gcp.*", "true"))));
        assertThat(engine.policiesFor("aws.s3.bucket")).extracting(CompiledPolicy::id).containsExactly("p-aws", "p-exact", "p-s3");
        assertThat(engine.policiesFor("aws.ec2.volume")).extracting(CompiledPolicy::id).containsExactly("p-aws", "p-list");
        assertThat(engine.policiesFor("gcp.storage.bucket")).extracting(CompiledPolicy::id).containsExactly("p-gcp", "p-list");
        assertThat(engine.policiesFor("azure.storage.storageaccounts")).isEmpty();
        // a prefix matches only under a dot boundary
        assertThat(engine.policiesFor("awsx.s3.bucket")).isEmpty();
    }

    @Test
    void evaluate_isolatesErrorsPerPolicy() {
        PolicyEngine engine = PolicyEngine.of(List.of(
                compile(policy("p-ok", "aws.s3.bucket", "resource.properties.versioning == false")),
                compile(policy("p-broken", "aws.s3.bucket", "resource.properties.missing == 1")),
                compile(policy("p-pass", "aws.s3.bucket", "false"))));
        List<PolicyEngine.Evaluation> out = engine.evaluate(resource("r", "aws.s3.bucket", Map.of("versioning", false)), NOW);
        assertThat(out).extracting(e -> e.policy().id()).containsExactly("p-broken", "p-ok", "p-pass");
        assertThat(out.get(0).outcome()).isInstanceOf(PolicyOutcome.Error.class);
        assertThat(out.get(1).outcome()).isInstanceOf(PolicyOutcome.Violation.class);
        assertThat(out.get(2).outcome()).isEqualTo(PolicyOutcome.PASS);
    }

    @Test
    void withAndWithout_returnNewEnginesAndReindex() {
        PolicyEngine engine = PolicyEngine.of(List.of(compile(policy("p-a", "aws.s3.bucket", "true"))));
        PolicyEngine more = engine.with(compile(policy("p-b", "aws.s3.*", "true")));
        assertThat(engine.policiesFor("aws.s3.bucket")).hasSize(1);
        assertThat(more.policiesFor("aws.s3.bucket")).hasSize(2);
        PolicyEngine replaced = more.with(compile(policy("p-b", "aws.ec2.volume", "true")));
        assertThat(replaced.policiesFor("aws.s3.bucket")).extracting(CompiledPolicy::id).containsExactly("p-a");
        assertThat(replaced.without("p-a").policiesFor("aws.s3.bucket")).isEmpty();
        assertThat(replaced.without("nope")).isSameAs(replaced);
    }

    @Test
    void activation_ofPartialEnvelopeFillsMissingFields() {
        ResourceActivation r = ResourceActivation.ofPartial(Map.of("type", "aws.s3.bucket", "tags", Map.of("n", 1L)), NOW);
        CompiledPolicy p = compile(policy("p-x", "aws.s3.bucket",
                "resource.id == '' && resource.name == '' && resource.region == '' && resource.account == ''"
                        + " && resource.provider == 'aws' && resource.properties == {} && resource.tags.n == '1'"
                        + " && resource.observed_at == now"));
        assertThat(p.evaluate(r, NOW)).isInstanceOf(PolicyOutcome.Violation.class);
    }

    /** Policies that use variables, comprehension slots, params and risk, so a reused frame would show stale state. */
    private List<CompiledPolicy> framePolicies() {
        return List.of(
                compile(withMessage(withVariables(policy("p-vars", "aws.ec2.securitygroup", "variables.open.size() > 0"),
                                new io.praetor.ports.policy.PolicyVariable("open",
                                        "resource.properties.rules.filter(r, r.cidr == '0.0.0.0/0').map(r, r.port)")),
                        "open ports ${variables.open}")),
                compile(withRisk(withParams(policy("p-params", "aws.ec2.securitygroup",
                                "resource.properties.rules.exists(r, r.port in params.ports)"), Map.of("ports", List.of(22L, 3389L))),
                        "severity_weight * 2.0")),
                compile(withVariables(policy("p-other-vars", "aws.ec2.securitygroup", "variables.n == 2"),
                        new io.praetor.ports.policy.PolicyVariable("n", "resource.properties.rules.size()"))),
                compile(policy("p-all", "aws.ec2.securitygroup", "resource.properties.rules.all(r, r.port < 1000)")));
    }

    private static Resource group(String id, List<Map<String, Object>> rules) {
        return resource(id, "aws.ec2.securitygroup", Map.of("rules", rules));
    }

    @Test
    void policiesEvaluatedOneAfterAnotherOverOneActivation_answerAsOverFreshOnes() {
        List<CompiledPolicy> policies = framePolicies();
        List<Resource> resources = List.of(
                group("a", List.of(Map.of("cidr", "0.0.0.0/0", "port", 22L), Map.of("cidr", "10.0.0.0/8", "port", 5432L))),
                group("b", List.of(Map.of("cidr", "10.0.0.0/8", "port", 443L))),
                group("c", List.of(Map.of("cidr", "0.0.0.0/0", "port", 3389L), Map.of("cidr", "0.0.0.0/0", "port", 80L))));
        for (Resource r : resources) {
            ResourceActivation shared = ResourceActivation.of(r);
            for (int round = 0; round < 3; round++) {
                for (CompiledPolicy p : policies) {
                    assertThat(p.evaluate(shared, NOW)).as(p.id() + " over " + r.id())
                            .isEqualTo(p.evaluate(ResourceActivation.of(r), NOW));
                }
            }
        }
        ResourceActivation a = ResourceActivation.of(resources.get(0));
        assertThat(policies.get(0).evaluate(a, NOW)).isEqualTo(new PolicyOutcome.Violation("open ports [22]", 7.0));
        assertThat(policies.get(1).evaluate(a, NOW)).isEqualTo(new PolicyOutcome.Violation("Title of p-params", 14.0));
        assertThat(policies.get(2).evaluate(a, NOW)).isInstanceOf(PolicyOutcome.Violation.class);
        assertThat(policies.get(3).evaluate(a, NOW)).isEqualTo(PolicyOutcome.PASS);
    }

    @Test
    void oneActivationEvaluatedByManyThreadsAtOnce_answersEachAsOneThreadWould() throws Exception {
        List<CompiledPolicy> policies = framePolicies();
        Resource r = group("a", List.of(Map.of("cidr", "0.0.0.0/0", "port", 22L), Map.of("cidr", "0.0.0.0/0", "port", 8080L)));
        List<PolicyOutcome> expected = policies.stream().map(p -> p.evaluate(ResourceActivation.of(r), NOW)).toList();
        ResourceActivation shared = ResourceActivation.of(r);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<PolicyOutcome>>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<PolicyOutcome> wrong = new java.util.ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        int k = i % policies.size();
                        PolicyOutcome o = policies.get(k).evaluate(shared, NOW);
                        if (!o.equals(expected.get(k))) wrong.add(o);
                    }
                    return wrong;
                }));
            }
            for (var run : runs) assertThat(run.get()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
