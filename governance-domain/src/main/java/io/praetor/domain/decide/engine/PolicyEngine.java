package io.praetor.domain.decide.engine;

import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of compiled policies indexed by resource type: exact types in a map, {@code .*} prefixes
 * checked once per type and remembered. {@link #evaluate} builds the resource's CEL value once and
 * runs every policy of its type over it. Immutable (changes return a new engine) and thread-safe.
 */
public final class PolicyEngine {
    private final Map<String, CompiledPolicy> byId;
    private final Map<String, List<CompiledPolicy>> exact;
    private final List<CompiledPolicy> prefixed;
    private final ConcurrentHashMap<String, List<CompiledPolicy>> byType = new ConcurrentHashMap<>();

    private PolicyEngine(Map<String, CompiledPolicy> byId) {
        this.byId = byId;
        Map<String, List<CompiledPolicy>> ex = new LinkedHashMap<>();
        List<CompiledPolicy> pre = new ArrayList<>();
        for (CompiledPolicy p : byId.values()) {
            boolean anyPrefix = false;
            for (String t : p.policy().resourceTypes()) {
                if (t.endsWith(".*")) anyPrefix = true;
                else ex.computeIfAbsent(t, k -> new ArrayList<>()).add(p);
            }
            if (anyPrefix) pre.add(p);
        }
        this.exact = ex;
        this.prefixed = pre;
    }

    public static PolicyEngine of(Collection<CompiledPolicy> policies) {
        Map<String, CompiledPolicy> m = new LinkedHashMap<>();
        policies.stream().sorted(Comparator.comparing(CompiledPolicy::id)).forEach(p -> m.put(p.id(), p));
        return new PolicyEngine(m);
    }

    public static PolicyEngine empty() {
        return of(List.of());
    }

    /** This engine with {@code policy} added or replacing the one with its id. */
    public PolicyEngine with(CompiledPolicy policy) {
        Map<String, CompiledPolicy> m = new LinkedHashMap<>(byId);
        m.put(policy.id(), policy);
        return of(m.values());
    }

    public PolicyEngine without(String policyId) {
        if (!byId.containsKey(policyId)) return this;
        Map<String, CompiledPolicy> m = new LinkedHashMap<>(byId);
        m.remove(policyId);
        return of(m.values());
    }

    public Collection<CompiledPolicy> policies() {
        return byId.values();
    }

    public Optional<CompiledPolicy> policy(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    /** The policies that apply to a type, in id order. */
    public List<CompiledPolicy> policiesFor(String type) {
        List<CompiledPolicy> cached = byType.get(type);
        if (cached != null) return cached;
        return byType.computeIfAbsent(type, t -> {
            List<CompiledPolicy> out = new ArrayList<>(exact.getOrDefault(t, List.of()));
            for (CompiledPolicy p : prefixed) {
                if (!out.contains(p) && p.appliesTo(t)) out.add(p);
            }
            out.sort(Comparator.comparing(CompiledPolicy::id));
            return List.copyOf(out);
        });
    }

    /** One policy's outcome over one resource. */
    public record Evaluation(CompiledPolicy policy, PolicyOutcome outcome) {
        public Evaluation {
            Objects.requireNonNull(policy);
            Objects.requireNonNull(outcome);
        }
    }

    /** Evaluates every policy of the resource's type; never throws. */
    public List<Evaluation> evaluate(Resource resource, Instant now) {
        return evaluate(ResourceActivation.of(resource), now);
    }

    public List<Evaluation> evaluate(ResourceActivation resource, Instant now) {
        List<CompiledPolicy> policies = policiesFor(resource.type());
        List<Evaluation> out = new ArrayList<>(policies.size());
        for (CompiledPolicy p : policies) {
            out.add(new Evaluation(p, p.evaluateInScope(resource, now)));
        }
        return out;
    }
}
