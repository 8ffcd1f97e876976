package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.ExpressionOptimization;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyTestCase.Expectation;
import io.praetor.ports.usecase.PolicyTestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in pack under {@code policies/} at the repository root: every file loads, every
 * policy compiles and every inline test passes — what {@code praetor policy test policies/}
 * checks in CI — plus the pack's own conventions (coverage, tests per policy, framework keys,
 * known remediation handlers).
 */
class BuiltInPackTest {
    /** The handlers API.md lists as built in (adapters-webhook and the S3 module). */
    static final Set<String> BUILT_IN_HANDLERS = Set.of("http.webhook", "aws.s3.enable-versioning",
            "aws.s3.enable-default-encryption", "aws.s3.block-public-access", "aws.s3.put-tags");
    static final Map<String, String> CIS_BY_DIRECTORY = Map.of("aws", "cis-aws-3.0", "azure", "cis-azure-2.0",
            "gcp", "cis-gcp-2.0", "kubernetes", "cis-k8s-1.8");
    static final Map<String, String> TYPE_PREFIX_BY_DIRECTORY = Map.of("aws", "aws.", "azure", "azure.",
            "gcp", "gcp.", "kubernetes", "k8s.");

    static Path pack;
    static PolicyFiles files;
    static PolicyFiles.TestRun run;

    @BeforeAll
    static void loadPack() {
        pack = findPack();
        files = new PolicyFiles(new PolicyLoader(), new PolicyCompiler(),
                InstantSource.fixed(Instant.parse("2026-11-25T00:00:00Z")));
        run = files.test(List.of(pack));
    }

    /** Maven runs tests from the module directory; the pack lives at the repository root. */
    static Path findPack() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("policies");
            if (Files.isDirectory(candidate) && Files.exists(dir.resolve("pom.xml"))) return candidate;
        }
        throw new IllegalStateException("no policies/ directory above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyPolicyFileLoadsAndCompiles() {
        assertThat(run.validation().errors()).extracting(PolicyFiles.FileIssue::describe).isEmpty();
    }

    @Test
    void everyInlineTestPasses() {
        List<String> failures = new ArrayList<>();
        run.reports().forEach((id, report) -> report.tests().stream().filter(t -> !t.pass()).forEach(t ->
                failures.add(id + " / " + t.name() + ": expected " + t.expect() + ", got " + t.actual()
                        + t.error().map(e -> " (" + e + ")").orElse(""))));
        assertThat(failures).isEmpty();
        assertThat(run.passed()).isTrue();
        assertThat(run.testCount()).isGreaterThanOrEqualTo(2L * run.reports().size());
    }

    /**
     * The pack must not depend on which of CEL's two runtimes the engine is built with, nor on
     * whether constants are folded; with folding off and on, every inline test gets the same outcome.
     */
    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void everyInlineTestPassesOnEitherCelRuntimeWithAndWithoutFolding(CelRuntimeFlavor flavor) {
        Map<ExpressionOptimization, PolicyFiles.TestRun> runs = new java.util.EnumMap<>(ExpressionOptimization.class);
        for (ExpressionOptimization optimization : ExpressionOptimization.values()) {
            PolicyFiles.TestRun other = new PolicyFiles(new PolicyLoader(), new PolicyCompiler(flavor, optimization),
                    InstantSource.fixed(Instant.parse("2026-11-25T00:00:00Z"))).test(List.of(pack));
            assertThat(other.validation().errors()).extracting(PolicyFiles.FileIssue::describe).isEmpty();
            assertThat(other.failedCount()).as(flavor + " " + optimization).isZero();
            assertThat(other.testCount()).isEqualTo(run.testCount());
            runs.put(optimization, other);
        }
        assertThat(outcomes(runs.get(ExpressionOptimization.FOLD_CONSTANTS)))
                .isEqualTo(outcomes(runs.get(ExpressionOptimization.NONE)));
    }

    /**
     * Differential check of folding beyond each policy's own tests: every pack policy, compiled with
     * and without folding, over every test resource of the pack its type applies to.
     */
    @ParameterizedTest
    @EnumSource(CelRuntimeFlavor.class)
    void foldingChangesNoOutcomeOverEveryTestResourceOfThePack(CelRuntimeFlavor flavor) {
        PolicyCompiler plain = new PolicyCompiler(flavor, ExpressionOptimization.NONE);
        PolicyCompiler folded = new PolicyCompiler(flavor, ExpressionOptimization.FOLD_CONSTANTS);
        Instant now = Instant.parse("2026-11-25T00:00:00Z");
        List<io.praetor.ports.policy.PolicyTestCase> cases = run.validation().policies().stream()
                .flatMap(c -> c.policy().tests().stream()).toList();
        long pairs = 0;
        for (CompiledPolicy compiled : run.validation().policies()) {
            CompiledPolicy a = plain.compile(compiled.policy()).policy().orElseThrow();
            CompiledPolicy b = folded.compile(compiled.policy()).policy().orElseThrow();
            for (io.praetor.ports.policy.PolicyTestCase t : cases) {
                Instant at = t.now().orElse(now);
                io.praetor.domain.decide.engine.ResourceActivation r =
                        io.praetor.domain.decide.engine.ResourceActivation.ofPartial(t.resource(), at);
                if (!a.appliesTo(r.type())) continue;
                assertThat(b.evaluate(r, at)).as(compiled.id() + " over " + t.name()).isEqualTo(a.evaluate(r, at));
                pairs++;
            }
        }
        assertThat(pairs).isGreaterThan(cases.size());
    }

    /** Every inline test's actual outcome and error, by policy and test name. */
    private static Map<String, String> outcomes(PolicyFiles.TestRun run) {
        Map<String, String> out = new TreeMap<>();
        run.reports().forEach((id, report) -> report.tests().forEach(t ->
                out.put(id + " / " + t.name(), t.actual() + t.error().map(e -> " " + e).orElse(""))));
        return out;
    }

    @Test
    void packHasAtLeast45PoliciesSpreadOverTheFourProviders() {
        Map<String, Long> perDirectory = perDirectory().entrySet().stream()
                .collect(Collectors.groupingBy(Map.Entry::getValue, TreeMap::new, Collectors.counting()));
        assertThat(run.validation().policies()).hasSizeGreaterThanOrEqualTo(45);
        assertThat(perDirectory).containsOnlyKeys("aws", "azure", "gcp", "kubernetes");
        assertThat(perDirectory.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
    }

    @Test
    void everyPolicyTestsAViolationAPassAndItsScope() {
        for (CompiledPolicy compiled : run.validation().policies()) {
            Policy p = compiled.policy();
            Set<Expectation> expected = p.tests().stream().map(t -> t.expect()).collect(Collectors.toSet());
            assertThat(expected).as(p.id()).contains(Expectation.VIOLATION, Expectation.PASS);
            if (p.scope().isPresent()) {
                assertThat(expected).as(p.id() + " has a scope").contains(Expectation.OUT_OF_SCOPE);
            }
        }
    }

    @Test
    void everyPolicyMapsToNistAndSoc2AndItsProvidersCisBenchmark() {
        Map<String, String> directories = perDirectory();
        for (CompiledPolicy compiled : run.validation().policies()) {
            Policy p = compiled.policy();
            String dir = directories.get(p.id());
            assertThat(p.frameworks()).as(p.id()).containsKeys("nist-800-53-r5", "soc2");
            assertThat(p.frameworks().keySet()).as(p.id())
                    .isSubsetOf("nist-800-53-r5", "soc2", CIS_BY_DIRECTORY.get(dir));
            assertThat(p.frameworks().get("nist-800-53-r5")).as(p.id())
                    .isNotEmpty().allMatch(c -> c.matches("[A-Z]{2}-\\d+(\\(\\d+\\))?"));
            assertThat(p.frameworks().get("soc2")).as(p.id())
                    .isNotEmpty().allMatch(c -> c.matches("(CC\\d|A1|C1|PI1|P\\d)\\.\\d+"));
            p.frameworks().getOrDefault(CIS_BY_DIRECTORY.get(dir), List.of())
                    .forEach(c -> assertThat(c).as(p.id()).matches("\\d+(\\.\\d+)+"));
            assertThat(p.resourceTypes()).as(p.id()).allMatch(t -> t.startsWith(TYPE_PREFIX_BY_DIRECTORY.get(dir)));
        }
    }

    @Test
    void remediationsNameOnlyBuiltInHandlersAndNeverInAuditMode() {
        PolicyFiles.Validation v = files.validate(List.of(pack), BUILT_IN_HANDLERS);
        assertThat(v.warnings()).isEmpty();
        for (CompiledPolicy compiled : v.policies()) {
            Policy p = compiled.policy();
            if (p.remediation().isPresent()) {
                assertThat(p.mode().name()).as(p.id()).isNotEqualToIgnoringCase("audit");
            }
            p.remediation().filter(r -> r.handler().equals("http.webhook"))
                    .ifPresent(r -> assertThat(r.params()).as(p.id()).containsEntry("endpoint", "ticketing"));
            p.remediation().filter(r -> r.handler().startsWith("aws.s3."))
                    .ifPresent(r -> assertThat(p.resourceTypes()).as(p.id()).containsExactly("aws.s3.bucket"));
        }
    }

    /** Policy id → the provider directory its file sits in. */
    private static Map<String, String> perDirectory() {
        Map<String, String> out = new TreeMap<>();
        for (Path file : PolicyFiles.files(List.of(pack))) {
            String dir = pack.relativize(file).getName(0).toString();
            try {
                new PolicyLoader().load(Files.readString(file)).policies()
                        .forEach(l -> out.put(l.policy().id(), dir));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }
}
