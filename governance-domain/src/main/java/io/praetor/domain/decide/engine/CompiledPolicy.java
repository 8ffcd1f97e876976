package io.praetor.domain.decide.engine;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.policy.Policy;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy compiled once: its programs for scope, variables, violation, message and risk.
 * Evaluation is a pure function of (resource, now, params) and never throws: failures come back as
 * {@link PolicyOutcome.Error}. Immutable and thread-safe.
 */
public final class CompiledPolicy {
    private final Policy policy;
    private final CelRuntime.Program scope;
    private final CelRuntime.Program violation;
    private final CelRuntime.Program risk;
    private final List<Object> messageParts; // String literals and MessageParts
    private final CelRuntime.Program[] variables;
    private final Map<String, Integer> variableIndex;
    private final String[] variableFields;
    private final Double severityWeight;
    // the resolver's answers that do not depend on the pair, built once instead of on every read
    private final Optional<Object> resolvedParams;
    private final Optional<Object> resolvedSeverityWeight;
    private final java.util.concurrent.atomic.LongAdder variableEvaluations = new java.util.concurrent.atomic.LongAdder();
    // with constant folding: the same policy compiled without it, which answers the pairs that fail
    // (positions in error messages refer to the expression as written, which a folded AST has lost)
    private final CompiledPolicy asWritten;
    // with the NATIVE flavor: the expressions compiled to Java nodes, which answer every pair they can
    private final NativeForms natives;

    /** One {@code ${…}} of the message: cel-java's program, and the native form when there is one (else null). */
    record MessagePart(CelRuntime.Program program, NativeExpression nativeForm) {}

    /**
     * The native forms of a policy's expressions; a null one is evaluated by its cel-java program.
     * {@code slots} is the number of comprehension variables across all of them.
     */
    record NativeForms(NativeExpression scope, NativeExpression violation, NativeExpression risk,
                       NativeExpression[] variables, int slots) {
        int compiled() {
            int n = (scope != null ? 1 : 0) + (violation != null ? 1 : 0) + (risk != null ? 1 : 0);
            for (NativeExpression v : variables) n += v != null ? 1 : 0;
            return n;
        }
    }

    CompiledPolicy(Policy policy, CelRuntime.Program scope, CelRuntime.Program violation, CelRuntime.Program risk,
                   List<Object> messageParts, CelRuntime.Program[] variables, Map<String, Integer> variableIndex,
                   NativeForms natives) {
        this(policy, scope, violation, risk, messageParts, variables, variableIndex, natives, null);
    }

    private CompiledPolicy(Policy policy, CelRuntime.Program scope, CelRuntime.Program violation, CelRuntime.Program risk,
                           List<Object> messageParts, CelRuntime.Program[] variables, Map<String, Integer> variableIndex,
                           NativeForms natives, CompiledPolicy asWritten) {
        this.asWritten = asWritten;
        this.natives = natives;
        this.policy = policy;
        this.scope = scope;
        this.violation = violation;
        this.risk = risk;
        this.messageParts = List.copyOf(messageParts);
        this.variables = variables.clone();
        this.variableIndex = Map.copyOf(variableIndex);
        this.variableFields = new String[variables.length];
        for (int i = 0; i < variables.length; i++) {
            variableFields[i] = "spec.variables[" + i + "] (" + policy.variables().get(i).name() + ")";
        }
        this.severityWeight = policy.severity().weight();
        this.resolvedParams = Optional.of(policy.params());
        this.resolvedSeverityWeight = Optional.of(severityWeight);
    }

    /** This (folded) policy, answering failing pairs with {@code plain}: the same policy compiled without folding. */
    CompiledPolicy withAsWritten(CompiledPolicy plain) {
        return new CompiledPolicy(policy, scope, violation, risk, messageParts, variables, variableIndex, natives, plain);
    }

    /**
     * How many of this policy's expressions (scope, violation, risk, variables; messages aside) run
     * as native nodes, and how many there are: the rest are left to cel-java at compile time.
     */
    public int[] nativeCoverage() {
        int total = (scope != null ? 1 : 0) + 1 + (risk != null ? 1 : 0) + variables.length;
        return new int[] {natives == null ? 0 : natives.compiled(), total};
    }

    public Policy policy() {
        return policy;
    }

    public String id() {
        return policy.id();
    }

    /** How many variable evaluations this policy has run (shows laziness in tests). */
    long variableEvaluations() {
        return variableEvaluations.sum();
    }

    /** Whether the policy names this type, exactly or through a {@code .*} prefix. */
    public boolean appliesTo(String type) {
        for (String pattern : policy.resourceTypes()) {
            if (ResourceQuery.typeMatches(pattern, type)) return true;
        }
        return false;
    }

    /** Evaluates the policy over one resource; the type is checked first. */
    public PolicyOutcome evaluate(ResourceActivation resource, Instant now) {
        if (!appliesTo(resource.type())) return PolicyOutcome.OUT_OF_SCOPE;
        return evaluateInScope(resource, now);
    }

    /** As {@link #evaluate}, for callers that already selected the policy by type (the engine index). */
    public PolicyOutcome evaluateInScope(ResourceActivation resource, Instant now) {
        if (natives != null) {
            PolicyOutcome outcome = evaluateNatively(resource, now);
            if (outcome != null) return outcome;
        }
        PolicyOutcome outcome = evaluatePair(resource, now);
        return outcome instanceof PolicyOutcome.Error && asWritten != null ? asWritten.evaluateInScope(resource, now) : outcome;
    }

    /**
     * The pair through the native forms (cel-java's programs for the expressions without one), or
     * null when any step fails or gives an unexpected type: then cel-java's programs evaluate the
     * whole pair again, so an error outcome, its message and anything this path is unsure of are
     * exactly cel-java's.
     */
    private PolicyOutcome evaluateNatively(ResourceActivation resource, Instant now) {
        Pair pair = Pair.reusable(resource);
        pair.open(this, resource, now, true);
        try {
            if (scope != null) {
                Object inScope = natives.scope != null ? natives.scope.eval(pair) : scope.eval(pair);
                if (!(inScope instanceof Boolean b)) return null;
                if (!b) return PolicyOutcome.OUT_OF_SCOPE;
            }
            Object violated = natives.violation != null ? natives.violation.eval(pair) : violation.eval(pair);
            if (!(violated instanceof Boolean b)) return null;
            if (!b) return PolicyOutcome.PASS;
            String message = render(pair);
            double score = severityWeight;
            if (risk != null) {
                pair.riskPhase = true;
                pair.severityWeight = severityWeight;
                Object r = natives.risk != null ? natives.risk.eval(pair) : risk.eval(pair);
                if (r instanceof Double d) score = d;
                else if (r instanceof Long l) score = l;
                else return null;
                if (!Double.isFinite(score)) return null;
            }
            return new PolicyOutcome.Violation(message, score);
        } catch (CelEvaluationException | RuntimeException e) {
            return null;
        } finally {
            pair.close();
        }
    }

    /** The outcome the native path gives for an in-scope pair, or empty when cel-java answers it (tests). */
    Optional<PolicyOutcome> nativeOutcome(ResourceActivation resource, Instant now) {
        return natives == null ? Optional.empty() : Optional.ofNullable(evaluateNatively(resource, now));
    }

    private PolicyOutcome evaluatePair(ResourceActivation resource, Instant now) {
        Pair pair = new Pair(Thread.currentThread());
        pair.open(this, resource, now, false);
        String stage = "spec.scope";
        try {
            if (scope != null) {
                Object inScope = scope.eval(pair);
                if (!(inScope instanceof Boolean b)) return typeError(stage, "bool", inScope);
                if (!b) return PolicyOutcome.OUT_OF_SCOPE;
            }
            stage = "spec.violation";
            Object violated = violation.eval(pair);
            if (!(violated instanceof Boolean b)) return typeError(stage, "bool", violated);
            if (!b) return PolicyOutcome.PASS;
            stage = "spec.message";
            String message = render(pair);
            stage = "spec.risk";
            double score = severityWeight;
            if (risk != null) {
                pair.riskPhase = true;
                Object r = risk.eval(pair);
                if (r instanceof Double d) score = d;
                else if (r instanceof Long l) score = l;
                else return typeError(stage, "double", r);
                if (!Double.isFinite(score)) return new PolicyOutcome.Error(stage + ": risk is not a finite number");
            }
            return new PolicyOutcome.Violation(message, score);
        } catch (CelEvaluationException e) {
            VariableFailure cause = variableFailure(e);
            if (cause != null) return new PolicyOutcome.Error(cause.getMessage());
            return new PolicyOutcome.Error(stage + ": " + e.getMessage());
        } catch (VariableFailure e) {
            return new PolicyOutcome.Error(e.getMessage());
        } catch (RuntimeException e) {
            VariableFailure cause = variableFailure(e);
            if (cause != null) return new PolicyOutcome.Error(cause.getMessage());
            return new PolicyOutcome.Error(stage + ": " + e);
        }
    }

    private static VariableFailure variableFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VariableFailure v) return v;
        }
        return null;
    }

    private static PolicyOutcome typeError(String stage, String expected, Object got) {
        return new PolicyOutcome.Error(stage + ": expected " + expected + ", got "
                + (got == null ? "null" : got instanceof NullValue ? "null" : got.getClass().getSimpleName()));
    }

    private String render(Pair pair) throws CelEvaluationException {
        if (messageParts.isEmpty()) return policy.title();
        StringBuilder sb = new StringBuilder();
        for (Object part : messageParts) {
            if (part instanceof String s) {
                sb.append(s);
            } else {
                MessagePart p = (MessagePart) part;
                appendValue(sb, pair.natively && p.nativeForm() != null ? p.nativeForm().eval(pair) : p.program().eval(pair));
            }
        }
        return sb.toString();
    }

    static void appendValue(StringBuilder sb, Object v) {
        if (v == null || v instanceof NullValue) {
            sb.append("null");
        } else if (v instanceof Optional<?> o) {
            o.ifPresent(x -> appendValue(sb, x));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                appendValue(sb, e.getKey());
                sb.append(": ");
                appendValue(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object x : c) {
                if (!first) sb.append(", ");
                first = false;
                appendValue(sb, x);
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    /**
     * The variables of one (policy, resource) pair. Each {@code variables.<name>} is evaluated the
     * first time an expression reads it and then remembered, so it runs at most once per resource
     * whatever number of expressions use it (Kubernetes ValidatingAdmissionPolicy semantics).
     *
     * <p>The native path reuses one pair for every policy evaluated over a resource (a new one per
     * pair was a seventh of what a scan allocated): the resource's activation keeps it for the thread
     * that made it, and a pair in use, or kept for another thread, is never taken.
     */
    private static final class Pair extends NativeFrame implements CelVariableResolver {
        private final Thread owner;
        private CompiledPolicy policy;
        private Optional<Object> resolvedResource;
        private Optional<Object> resolvedNow;
        private Object[] values;
        /** How many of {@link #values} are this pair's (the array may be longer, from an earlier pair). */
        private int valueCount;
        boolean riskPhase;
        /** Variables through their native forms where they have one. */
        boolean natively;
        private boolean inUse;

        Pair(Thread owner) {
            this.owner = owner;
        }

        /** The activation's pair when it is free and this thread's, else a new one (kept when none is). */
        static Pair reusable(ResourceActivation resource) {
            Thread current = Thread.currentThread();
            if (resource.reusableFrame instanceof Pair p && p.owner == current && !p.inUse) return p;
            Pair fresh = new Pair(current);
            if (resource.reusableFrame == null) resource.reusableFrame = fresh;
            return fresh;
        }

        void open(CompiledPolicy policy, ResourceActivation resource, Instant now, boolean natively) {
            open(resource.value(), now, policy.policy.params(), natively ? policy.natives.slots() : 0);
            if (resolvedNow != null && resolvedNow.get() != now) resolvedNow = null;
            this.policy = policy;
            this.resolvedResource = resource.resolved();
            this.natively = natively;
            this.riskPhase = false;
            this.valueCount = policy.variables.length;
            if (values != null) {
                if (values.length >= valueCount) java.util.Arrays.fill(values, 0, valueCount, null);
                else values = null;
            }
            inUse = true;
        }

        void close() {
            inUse = false;
        }

        @Override
        public Optional<Object> find(String name) {
            switch (name) {
                case "resource":
                    return resolvedResource;
                case "now":
                    if (resolvedNow == null) resolvedNow = Optional.of(now);
                    return resolvedNow;
                case "params":
                    return policy.resolvedParams;
                case "severity_weight":
                    return riskPhase ? policy.resolvedSeverityWeight : Optional.empty();
                default:
                    Integer index = policy.variableIndex.get(name);
                    return index == null ? Optional.empty() : Optional.of(variable(index));
            }
        }

        @Override
        Object variable(int index) {
            if (values == null) values = new Object[valueCount];
            Object v = values[index];
            if (v == null) {
                policy.variableEvaluations.increment();
                NativeExpression nativeForm = natively ? policy.natives.variables()[index] : null;
                if (nativeForm != null) {
                    try {
                        v = nativeForm.eval(this);
                    } catch (NativeExpression.Failure e) {
                        // not an error CEL could absorb: a failing variable fails the pair (cel-java then answers it)
                        throw NATIVE_VARIABLE_FAILURE;
                    }
                    values[index] = v;
                    return v;
                }
                try {
                    v = policy.variables[index].eval(this);
                } catch (CelEvaluationException e) {
                    VariableFailure inner = variableFailure(e);
                    throw inner != null ? inner : new VariableFailure(policy.variableFields[index] + ": " + e.getMessage());
                }
                values[index] = v == null ? NullValue.NULL_VALUE : v;
            }
            return v;
        }
    }

    private static final VariableFailure NATIVE_VARIABLE_FAILURE = new VariableFailure("native variable evaluation failed");

    /** A variable's evaluation failed; unwinds through CEL to the pair's outcome. */
    static final class VariableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VariableFailure(String message) {
            super(message, null, false, false);
        }
    }
}
