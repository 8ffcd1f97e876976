package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.domain.decide.PolicyParse;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyCompilation;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.domain.detect.InventoryLimits;
import io.praetor.domain.detect.InventoryReader;
import io.praetor.domain.detect.ParsedSnapshot;
import io.praetor.domain.detect.SnapshotEntry;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing of every in-process parser: the six inventory formats, policy YAML and CEL
 * conditions. Each either accepts its input or rejects it with a PraetorException of an input kind
 * whose issues say where; any other exception, an unlocated error or a hang (10 s) fails.
 * 10,000 inputs per parser in the CI form, 200,000 in the full form.
 */
@Order(1)
class ParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Set<ErrorCode> INPUT_ERRORS = Set.of(ErrorCode.MALFORMED, ErrorCode.VALIDATION, ErrorCode.PAYLOAD_TOO_LARGE);
    private static final int INPUTS = Budget.of(10_000, 200_000);

    // small limits so the size and depth checks are reached too
    private final InventoryReader reader = new InventoryReader(InstantSource.fixed(NOW), new InventoryLimits(256 << 10, 64 << 10, 32));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"praetor", "aws-config", "azure-resource-graph", "gcp-asset", "custodian", "kubernetes"})
    void inventoryFormat_acceptsOrRejectsWithALocatedError(String format) {
        List<Samples.Inventory> samples = Samples.inventories(format);
        Mutator m = new Mutator(Budget.seed() ^ format.hashCode());
        long accepted = 0;
        long start = System.nanoTime();
        try (FuzzLoop loop = new FuzzLoop(Duration.ofSeconds(10))) {
            // the samples themselves must pass (else the fuzzer only ever tests the error path)
            for (Samples.Inventory s : samples) {
                assertThat(reader.read(request(s), new ByteArrayInputStream(s.text().getBytes())).entries()).as(s.file()).isNotEmpty();
            }
            long[] ok = {0};
            for (int i = 0; i < INPUTS; i++) {
                Samples.Inventory s = samples.get(m.random().nextInt(samples.size()));
                byte[] input = m.mutateBytes(s.text());
                loop.check(new String(input), () -> {
                    try {
                        ParsedSnapshot parsed = reader.read(request(s), new ByteArrayInputStream(input));
                        for (SnapshotEntry e : parsed.entries()) {
                            if (e instanceof SnapshotEntry.Present p) checkEnvelope(p.resource());
                        }
                        ok[0]++;
                    } catch (PraetorException e) {
                        checkLocated(e);
                    }
                });
            }
            accepted = ok[0];
            report("fuzz: inventory parser " + format, loop, start, "accepted " + accepted);
            assertThat(loop.failures).as(format).isEmpty();
        }
        assertThat(accepted).as("some mutants are still valid inventories").isPositive();
    }

    @Test
    void policyYaml_loadsOrNamesLineAndColumn_andCompilesOrNamesTheField() {
        List<String> samples = Samples.policies();
        Mutator m = new Mutator(Budget.seed() ^ 0x901);
        PolicyLoader loader = new PolicyLoader();
        PolicyCompiler compiler = new PolicyCompiler();
        long start = System.nanoTime();
        long[] loaded = {0};
        try (FuzzLoop loop = new FuzzLoop(Duration.ofSeconds(10))) {
            for (int i = 0; i < INPUTS; i++) {
                String input = m.mutateText(samples.get(m.random().nextInt(samples.size())));
                // CEL compilation costs ~10 ms a policy; the CEL fuzzer covers it, so the CI form compiles 1 in 50
                boolean compile = Budget.slow() || i % 50 == 0;
                loop.check(input, () -> {
                    PolicyParse parse = loader.load(input, NOW, "fuzz");
                    parse.issues().forEach(ParserFuzzTest::checkLocated);
                    if (parse.hasErrors() || !compile) return;
                    for (LoadedPolicy p : parse.policies()) {
                        PolicyCompilation c = compiler.compile(p.policy(), p.locators());
                        c.issues().forEach(ParserFuzzTest::checkLocated);
                        if (c.policy().isPresent()) loaded[0]++;
                    }
                });
            }
            report("fuzz: policy YAML (PolicyLoader + compiler)", loop, start, "compiled " + loaded[0]);
            assertThat(loop.failures).isEmpty();
        }
        assertThat(loaded[0]).isPositive();
    }

    private static final Pattern VIOLATION = Pattern.compile("(?m)^(\\s+violation: )(.+)$");

    @Test
    void celCondition_compilesOrNamesTheField_andEvaluatesWithoutThrowing() throws Exception {
        String template = """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata: {id: fuzz-cel, title: Fuzzed condition, severity: low}
                spec:
                  resource: aws.s3.bucket
                  violation: %s
                """;
        List<String> conditions = new ArrayList<>();
        for (String policy : Samples.policies()) {
            Matcher mm = VIOLATION.matcher(policy);
            while (mm.find()) if (!mm.group(2).startsWith(">")) conditions.add(mm.group(2));
        }
        conditions.addAll(List.of(
                "resource.properties.?encrypted.orValue(false) == false",
                "resource.tags.exists(k, k.startsWith('x')) && size(resource.name) > 3",
                "has(resource.properties.configuration) && resource.properties.configuration.size() > 0",
                "resource.properties.?a.?b.orValue(0) + 1 > 2 || now > timestamp('2020-01-01T00:00:00Z')",
                "resource.region in ['us-east-1', 'eu-west-1'] ? resource.account != '' : false"));
        List<Resource> resources = new ArrayList<>();
        for (Samples.Inventory s : Samples.INVENTORIES) {
            for (SnapshotEntry e : reader.read(request(s), new ByteArrayInputStream(s.text().getBytes())).entries()) {
                if (e instanceof SnapshotEntry.Present p) resources.add(p.resource());
            }
        }
        List<ResourceActivation> activations = resources.stream().map(ResourceActivation::of).toList();
        PolicyLoader loader = new PolicyLoader();
        PolicyCompiler compiler = new PolicyCompiler();
        Mutator m = new Mutator(Budget.seed() ^ 0xCE1);
        long[] compiled = {0};
        long[] evaluations = {0};
        long start = System.nanoTime();
        try (FuzzLoop loop = new FuzzLoop(Duration.ofSeconds(10))) {
            for (int i = 0; i < INPUTS; i++) {
                String condition = m.mutateText(conditions.get(m.random().nextInt(conditions.size())));
                ResourceActivation on = activations.get(m.random().nextInt(activations.size()));
                loop.check(condition, () -> {
                    // as a YAML double-quoted scalar, so the condition reaches CEL unchanged
                    String yaml = template.formatted(Mutator.JSON.writeValueAsString(condition));
                    PolicyParse parse = loader.load(yaml, NOW, "fuzz");
                    parse.issues().forEach(ParserFuzzTest::checkLocated);
                    if (parse.hasErrors()) return;
                    LoadedPolicy p = parse.policies().getFirst();
                    PolicyCompilation c = compiler.compile(p.policy(), p.locators());
                    c.issues().forEach(ParserFuzzTest::checkLocated);
                    Optional<CompiledPolicy> policy = c.policy();
                    if (policy.isEmpty()) return;
                    compiled[0]++;
                    PolicyOutcome outcome = policy.get().evaluate(on, NOW);
                    assertThat(outcome).isNotNull();
                    evaluations[0]++;
                    compiler.compileSelector(condition).issues().forEach(ParserFuzzTest::checkLocated);
                });
            }
            report("fuzz: CEL condition (compile + evaluate)", loop, start,
                    "compiled " + compiled[0] + ", evaluated " + evaluations[0]);
            assertThat(loop.failures).isEmpty();
        }
        assertThat(compiled[0]).isPositive();
    }

    private static SnapshotImport request(Samples.Inventory s) {
        return new SnapshotImport(s.format(), s.type(), Optional.empty(), Optional.of("123456789012"),
                Optional.of("eu-west-1"), false);
    }

    /** An accepted record has the envelope API.md promises: never null, type normalised. */
    private static void checkEnvelope(Resource r) {
        assertThat(r.id()).as("id").isNotEmpty();
        assertThat(r.type()).as("type of " + r.id()).isNotNull();
        assertThat(r.observedAt()).as("observed_at of " + r.id()).isNotNull();
        assertThat(r.tags()).as("tags").isNotNull();
        assertThat(r.properties()).as("properties").isNotNull();
    }

    private static void checkLocated(PraetorException e) {
        if (!INPUT_ERRORS.contains(e.code())) {
            throw new AssertionError("rejected as " + e.code() + " (not an input error): " + e.getMessage(), e);
        }
        if (e.issues().isEmpty()) {
            throw new AssertionError("rejected without a located issue: " + e.getMessage(), e);
        }
        e.issues().forEach(ParserFuzzTest::checkLocated);
    }

    private static void checkLocated(InputIssue i) {
        boolean located = i.line() > 0 || i.record() > 0 || !i.pointer().isEmpty() || !i.field().isEmpty();
        if (!located || i.message().isBlank()) throw new AssertionError("issue without a location or message: " + i);
    }

    static void report(String scenario, FuzzLoop loop, long startNanos, String extra) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        ReliabilityReport.record(scenario + (Budget.slow() ? ", full form" : ""), loop.runs, loop.failed, 0,
                extra + "; " + ms + " ms (" + (loop.runs * 1000 / Math.max(ms, 1)) + " inputs/s)");
    }
}
