package io.praetor.domain.decide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.domain.decide.PolicyParse;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyTestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test of the native evaluator (ADR 0027): every policy of {@code policies/} and
 * {@code examples/policies}, plus policies written here to reach each construct the evaluator
 * compiles, evaluated by the NATIVE flavor and by cel-java's classic interpreter over seeded,
 * generated resources — each policy's own test resources mutated: fields dropped, set to null, to
 * another JSON kind, to empty lists and maps, to odd text and numbers — and the outcomes (kind,
 * message, risk, error text) must be identical. It also checks that the native path answered most
 * pairs and that errors were reached, so the comparison is not vacuous.
 */
class NativeEquivalenceTest {
    static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    static final long SEED = 20261126L;
    static final int MUTATIONS_PER_TEST_RESOURCE = 40;

    static List<Policy> policies;
    static Map<String, List<Map<String, Object>>> testResourcesByType;
    static List<String> keyPool;

    @BeforeAll
    static void load() {
        Path root = repositoryRoot();
        List<Policy> all = new ArrayList<>();
        for (Path dir : List.of(root.resolve("policies"), root.resolve("examples/policies"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    PolicyParse parse = new PolicyLoader().load(Files.readString(file));
                    assertThat(parse.hasErrors()).as(file.toString()).isFalse();
                    parse.policies().stream().map(LoadedPolicy::policy).forEach(all::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        PolicyParse constructs = new PolicyLoader().load(CONSTRUCTS);
        assertThat(constructs.issues()).isEmpty();
        constructs.policies().stream().map(LoadedPolicy::policy).forEach(all::add);
        policies = all;
        testResourcesByType = new TreeMap<>();
        TreeSet<String> keys = new TreeSet<>();
        for (Policy p : all) {
            for (PolicyTestCase t : p.tests()) {
                String type = String.valueOf(t.resource().getOrDefault("type", ""));
                testResourcesByType.computeIfAbsent(type, x -> new ArrayList<>()).add(t.resource());
                collectKeys(t.resource(), keys);
            }
        }
        keyPool = List.copyOf(keys);
    }

    @ParameterizedTest
    @EnumSource(ExpressionOptimization.class)
    void nativeOutcomesEqualTheClassicInterpreterOnEveryPolicyOverGeneratedResources(ExpressionOptimization optimization) {
        PolicyCompiler classic = new PolicyCompiler(CelRuntimeFlavor.CLASSIC, optimization);
        PolicyCompiler nativeCompiler = new PolicyCompiler(CelRuntimeFlavor.NATIVE, optimization);
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> mismatches = new ArrayList<>();
        Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
        long pairs = 0;
        long answeredNatively = 0;
        for (Policy policy : policies) {
            CompiledPolicy expected = classic.compile(policy).policy().orElseThrow();
            CompiledPolicy actual = nativeCompiler.compile(policy).policy().orElseThrow();
            for (Map<String, Object> resource : resourcesFor(policy, random)) {
                ResourceActivation activation = ResourceActivation.ofPartial(resource, NOW);
                PolicyOutcome want = expected.evaluate(activation, NOW);
                PolicyOutcome got = actual.evaluate(activation, NOW);
                pairs++;
                kinds.merge(Kind.of(want), 1L, Long::sum);
                if (actual.appliesTo(activation.type()) && actual.nativeOutcome(activation, NOW).isPresent()) answeredNatively++;
                if (!want.equals(got) && mismatches.size() < 20) {
                    mismatches.add(policy.id() + " over " + resource + ":\n  cel-java " + want + "\n  native   " + got);
                }
            }
        }
        System.out.printf("native vs classic (%s): %d pairs %s, %d answered natively%n", optimization, pairs, kinds, answeredNatively);
        policies.forEach(p -> {
            int[] coverage = nativeCompiler.compile(p).policy().orElseThrow().nativeCoverage();
            if (coverage[0] < coverage[1]) System.out.printf("  %s: %d of %d expressions native%n", p.id(), coverage[0], coverage[1]);
        });
        assertThat(mismatches).as("outcomes that differ over %d pairs", pairs).isEmpty();
        // the comparison reached every kind of outcome, and most pairs were answered by the native nodes
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(Kind.values());
        assertThat(kinds.get(Kind.ERROR)).isGreaterThan(100);
        assertThat(answeredNatively).as("pairs answered natively of %d", pairs).isGreaterThan(pairs / 2);
    }

    enum Kind {
        OUT_OF_SCOPE, PASS, VIOLATION, ERROR;

        static Kind of(PolicyOutcome o) {
            return switch (o) {
                case PolicyOutcome.OutOfScope x -> OUT_OF_SCOPE;
                case PolicyOutcome.Pass x -> PASS;
                case PolicyOutcome.Violation x -> VIOLATION;
                case PolicyOutcome.Error x -> ERROR;
            };
        }
    }

    /** The policy's own test resources, mutations of them, and of other test resources of its types. */
    private static List<Map<String, Object>> resourcesFor(Policy policy, SplittableRandom random) {
        List<Map<String, Object>> seeds = new ArrayList<>();
        policy.tests().forEach(t -> seeds.add(t.resource()));
        for (String type : policy.resourceTypes()) {
            testResourcesByType.forEach((t, rs) -> {
                if (ResourceQueryTypes.matches(type, t)) seeds.addAll(rs);
            });
        }
        List<Map<String, Object>> out = new ArrayList<>(seeds);
        for (Map<String, Object> seed : seeds.subList(0, Math.min(seeds.size(), 12))) {
            for (int i = 0; i < MUTATIONS_PER_TEST_RESOURCE; i++) out.add(mutateEnvelope(seed, random));
        }
        return out;
    }

    /** Type prefixes as the engine matches them. */
    private static final class ResourceQueryTypes {
        static boolean matches(String pattern, String type) {
            return io.praetor.ports.inventory.ResourceQuery.typeMatches(pattern, type);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutateEnvelope(Map<String, Object> seed, SplittableRandom random) {
        Map<String, Object> copy = new LinkedHashMap<>();
        seed.forEach((k, v) -> {
            if (k.equals("type")) copy.put(k, v);
            else if (k.equals("tags") && v instanceof Map<?, ?> tags) copy.put(k, mutateTags((Map<String, Object>) tags, random));
            else if (k.equals("properties")) {
                if (random.nextInt(30) > 0) copy.put(k, mutate(v, random, 0));
            } else if (random.nextInt(10) > 0) copy.put(k, v);
        });
        if (!copy.containsKey("tags") && random.nextInt(3) == 0) copy.put("tags", mutateTags(Map.of(), random));
        return copy;
    }

    private static Map<String, Object> mutateTags(Map<String, Object> tags, SplittableRandom random) {
        Map<String, Object> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (random.nextInt(5) > 0) out.put(k, random.nextInt(4) == 0 ? pick(TEXTS, random) : v);
        });
        String[] keys = {"env", "Environment", "owner", "team", "cost-center", "Env", "OWNER", "data-classification"};
        if (random.nextInt(2) == 0) out.put(keys[random.nextInt(keys.length)], pick(TEXTS, random));
        return out;
    }

    private static final String[] TEXTS = {"", " ", "prod", "PROD", "production", "dev", "Enabled", "Disabled", "true",
            "false", "0.0.0.0/0", "::/0", "10.0.0.0/8", "192.168.1.7", "8.8.8.8/32", "203.0.113.9", "sg-123", "22", "80-443",
            "*", "-1", "tcp", "all", "AES256", "aws:kms", "TLS1_2", "TLS1_0", "1.2", "v1.28.3", "1.27", "x.y",
            "2026-01-01T00:00:00Z", "2019-05-05T10:00:00.5+02:00", "2026-13-40T99:00:00Z", "not a date", "N/A", "  padded  ",
            "\tTab\n", "Ünïcode", "\u00a0nbsp", "arn:aws:iam::aws:policy/AdministratorAccess", "allUsers", "NONE", "None",
            "Allow", "Deny", "privileged", "nginx:latest", "registry.example/app@sha256:abc", "CAP_SYS_ADMIN", "NET_RAW"};
    private static final Object[] NUMBERS = {0L, 1L, -1L, 7L, 22L, 30L, 90L, 365L, 443L, 3389L, 65535L, 100000L,
            Long.MAX_VALUE, 0.0, 1.0, 2.5, 22.0, -0.5, 1e300};

    private static Object pick(Object[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static String pick(String[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0, 1 -> pick(TEXTS, random);
            case 2 -> pick(NUMBERS, random);
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> List.of();
            case 6 -> Map.of();
            case 7 -> {
                List<Object> l = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) l.add(randomValue(random, depth + 1));
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) m.put(keyPool.get(random.nextInt(keyPool.size())), randomValue(random, depth + 1));
                yield m;
            }
        };
    }

    /** A copy of a JSON tree with random changes (each node kept as it is most of the time). */
    private static Object mutate(Object v, SplittableRandom random, int depth) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                int roll = random.nextInt(100);
                if (roll < 8) continue; // dropped
                if (roll < 14) out.put((String) e.getKey(), null);
                else if (roll < 22) out.put((String) e.getKey(), randomValue(random, depth));
                else out.put((String) e.getKey(), mutate(e.getValue(), random, depth + 1));
            }
            if (random.nextInt(8) == 0) out.put(keyPool.get(random.nextInt(keyPool.size())), randomValue(random, depth));
            return out;
        }
        if (v instanceof List<?> l) {
            int roll = random.nextInt(100);
            if (roll < 8) return List.of();
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                if (random.nextInt(10) == 0) continue;
                out.add(random.nextInt(12) == 0 ? randomValue(random, depth) : mutate(x, random, depth + 1));
                if (random.nextInt(15) == 0) out.add(mutate(x, random, depth + 1));
            }
            return out;
        }
        int roll = random.nextInt(100);
        if (roll < 5) return null;
        if (roll < 12) return randomValue(random, depth);
        if (roll < 15 && v instanceof Long n) return n.doubleValue(); // an int written as a float in JSON
        return v;
    }

    private static void collectKeys(Object v, TreeSet<String> keys) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                keys.add(String.valueOf(k));
                collectKeys(x, keys);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collectKeys(x, keys));
        }
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("policies")) && Files.exists(dir.resolve("pom.xml"))) return dir;
        }
        throw new IllegalStateException("no policies/ directory above " + Path.of("").toAbsolutePath());
    }

    /**
     * Policies that reach the constructs the packs use rarely or not at all: error absorption in
     * logic and macros, heterogeneous comparisons, arithmetic overflow, conversions, optional
     * chains, map literals, nested comprehensions, variables read inside loops, risk and messages.
     */
    static final String CONSTRUCTS = """
            ---
            apiVersion: praetor.io/v1
            kind: Policy
            metadata: {id: native-logic, title: logic and errors, severity: high}
            spec:
              resource: [aws.*, azure.*, gcp.*, k8s.*]
              params: {limit: 3, names: [a, b], ratio: 1.5, nested: {k: [1, 2]}}
              variables:
                - name: props
                  expression: resource.properties
                - name: anything
                  expression: 'resource.properties.?configuration.orValue(resource.properties)'
                - name: keys
                  expression: 'type(variables.props) == map ? variables.props.map(k, k) : []'
              scope: 'resource.type != "" || resource.properties.missing'
              violation: >-
                (resource.properties.missing == 1 || variables.keys.size() > 2)
                  && (variables.keys.exists(k, variables.props[k] == true) || resource.properties.missing.x)
                  || variables.keys.all(k, variables.props[k] != null) && !variables.keys.exists_one(k, k == "configuration")
              message: 'keys ${variables.keys.join(",")} of ${resource.name} in ${resource.tags} with ${variables.anything}'
              risk: 'severity_weight * (variables.keys.size() > params.limit ? params.ratio : 1.0) + double(variables.keys.size())'
              tests: []
            ---
            apiVersion: praetor.io/v1
            kind: Policy
            metadata: {id: native-values, title: values, severity: low}
            spec:
              resource: [aws.*, azure.*, gcp.*, k8s.*]
              variables:
                - name: leaves
                  expression: >-
                    type(resource.properties) == map
                      ? resource.properties.map(k, resource.properties[k]).filter(v, type(v) != map && type(v) != list)
                      : []
                - name: texts
                  expression: 'variables.leaves.filter(v, type(v) == string)'
                - name: numbers
                  expression: 'variables.leaves.filter(v, type(v) == int || type(v) == double)'
              violation: >-
                variables.texts.exists(t, t.trim() != t || t.lowerAscii() == "prod" || t.upperAscii().startsWith("AR")
                    || t.contains(":") && t.split(":").size() > 2 || t.endsWith("Z") && ageDays(timestamp(t)) > 30
                    || int(t) > 20 || double(t) < 1.0 || t.replace("a", "b") == "bll" || size(t) == 4 || t < "B"
                    || isPublicCidr(t) || cidrContains("10.0.0.0/8", t) || portInRange(t, 22) || semverLess(t, "1.28"))
                  || variables.numbers.exists(n, n == 22 || n > 1000.5 || n * 2 == 44 || n + 1 < 0 || -n > 0
                    || n / 2 == 3 || n % 7 == 1 || string(n) == "443" || n == 1.0 || [1, 2.5] == [n, 2.5])
              message: '${variables.texts} ${variables.numbers} ${{"n": variables.numbers.size(), "t": variables.texts}}'
              tests: []
            ---
            apiVersion: praetor.io/v1
            kind: Policy
            metadata: {id: native-optional, title: optional, severity: medium}
            spec:
              resource: [aws.*, azure.*, gcp.*, k8s.*]
              params: {fallback: none}
              variables:
                - name: pick
                  expression: >-
                    resource.properties.?configuration.?name
                      .or(resource.properties[?"name"])
                      .or(optional.of(params.fallback))
              violation: >-
                variables.pick.hasValue() && variables.pick.value() != "none"
                  && resource.properties.?tags.orValue({}).size() >= 0
                  && has(resource.properties.configuration)
                  && [resource.properties.?a.orValue(1), resource.name] != [1, ""]
                  && {"x": resource.name}.x == resource.name
                  && optional.none().orValue(2) == 2
                  && resource.tags.exists(k, k in ["env", "owner"] && resource.tags[k] in ["prod", "dev", ""])
                  && !(resource.name in resource.tags)
                  && resource.properties.configuration.map(k, k).size() in [1, 2, 3, 4, 5, 6, 7, 8]
              message: '${variables.pick} ${resource.observed_at}'
              tests: []
            """;
}
