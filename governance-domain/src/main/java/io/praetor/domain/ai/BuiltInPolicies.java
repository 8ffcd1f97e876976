package io.praetor.domain.ai;

import io.praetor.domain.decide.LoadedPolicy;
import io.praetor.domain.decide.PolicyLoader;
import io.praetor.ports.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The policies shipped in {@code policies/} (packaged with this module), and the one closest to a
 * prompt: the most prompt words found in its id, title, description, labels and resource types,
 * among those of the requested resource type when one is given. Immutable and thread-safe.
 */
final class BuiltInPolicies {
    /** Every file under {@code policies/}; a test checks this list against the directory. */
    static final List<String> FILES = List.of(
            "aws/cloudtrail.yaml", "aws/ec2.yaml", "aws/iam.yaml", "aws/rds.yaml", "aws/s3.yaml", "aws/tags.yaml",
            "azure/keyvault.yaml", "azure/network.yaml", "azure/sql.yaml", "azure/storage.yaml", "azure/tags.yaml",
            "azure/web.yaml",
            "gcp/compute.yaml", "gcp/labels.yaml", "gcp/sql.yaml", "gcp/storage.yaml",
            "kubernetes/pod-security.yaml", "kubernetes/rbac.yaml", "kubernetes/workloads.yaml");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "to", "and", "or", "that", "which",
            "with", "without", "for", "is", "are", "be", "must", "should", "have", "has", "no", "not", "in", "on", "my",
            "all", "every", "any", "policy", "policies", "flag", "find", "check", "resources", "resource", "me", "i", "want");

    private final List<Policy> policies;

    private BuiltInPolicies(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** Parsed once per class loader: the files are part of the jar. */
    static BuiltInPolicies load() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final BuiltInPolicies INSTANCE = read();
    }

    private static BuiltInPolicies read() {
        PolicyLoader loader = new PolicyLoader();
        List<Policy> all = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = BuiltInPolicies.class.getResourceAsStream("builtin/" + file)) {
                if (in == null) throw new IllegalStateException("built-in policy file missing from the classpath: " + file);
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                loader.load(text).policies().stream().map(LoadedPolicy::policy).forEach(all::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new BuiltInPolicies(all);
    }

    List<Policy> all() {
        return policies;
    }

    /** The closest built-in policies, best first; ties by id. */
    List<Policy> closest(String prompt, Optional<String> resourceType, int limit) {
        Set<String> words = words(prompt);
        record Scored(Policy p, long score) {}
        return policies.stream()
                .filter(p -> resourceType.isEmpty() || covers(p, resourceType.get()))
                .map(p -> new Scored(p, score(p, words)))
                .sorted(Comparator.comparingLong((Scored s) -> -s.score()).thenComparing(s -> s.p().id()))
                .limit(limit).map(Scored::p).toList();
    }

    static boolean covers(Policy p, String type) {
        return p.resourceTypes().stream().anyMatch(t -> t.equals(type)
                || (t.endsWith(".*") && type.startsWith(t.substring(0, t.length() - 1))));
    }

    private static long score(Policy p, Set<String> words) {
        Set<String> text = words(String.join(" ", p.id(), p.title(), p.description(), String.join(" ", p.labels().values()),
                String.join(" ", p.resourceTypes())));
        return words.stream().filter(w -> text.stream().anyMatch(t -> t.equals(w) || (w.length() > 3 && t.startsWith(w))
                || (t.length() > 3 && w.startsWith(t)))).count();
    }

    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (w.length() > 1 && !STOP_WORDS.contains(w)) out.add(w);
        }
        return out;
    }
}
