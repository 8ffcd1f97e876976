package io.praetor.domain.decide.engine;

import static io.praetor.domain.decide.engine.Policies.*;
import static org.assertj.core.api.Assertions.assertThat;

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
}
