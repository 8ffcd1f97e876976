package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.ExpressionOptimization;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.ports.inventory.Resource;
import java.util.List;

/**
 * Differential check of constant folding over the whole bench workload: every (policy, resource)
 * pair evaluated by programs compiled with and without {@link ExpressionOptimization#FOLD_CONSTANTS},
 * on every flavor, then the native evaluator against the classic interpreter; prints the pairs and
 * the outcomes that differ (expected: none). Run with
 * {@code bench/run --main io.praetor.bench.decide.FoldingEquivalence [count]}.
 */
public final class FoldingEquivalence {
    private FoldingEquivalence() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Resource> resources = DecideWorkload.resources(count, 42);
        int mismatches = 0;
        for (CelRuntimeFlavor flavor : CelRuntimeFlavor.values()) {
            PolicyEngine plain = engine(flavor, ExpressionOptimization.NONE);
            PolicyEngine folded = engine(flavor, ExpressionOptimization.FOLD_CONSTANTS);
            long pairs = 0;
            long violations = 0;
            for (Resource r : resources) {
                ResourceActivation a = ResourceActivation.of(r);
                List<PolicyEngine.Evaluation> x = plain.evaluate(a, DecideWorkload.NOW);
                List<PolicyEngine.Evaluation> y = folded.evaluate(a, DecideWorkload.NOW);
                for (int i = 0; i < x.size(); i++) {
                    pairs++;
                    if (x.get(i).outcome() instanceof io.praetor.domain.decide.engine.PolicyOutcome.Violation) violations++;
                    if (!x.get(i).outcome().equals(y.get(i).outcome())
                            || !x.get(i).policy().id().equals(y.get(i).policy().id())) {
                        if (mismatches++ < 20) {
                            System.out.printf("%s %s %s: %s vs %s%n", flavor, x.get(i).policy().id(), r.id(),
                                    x.get(i).outcome(), y.get(i).outcome());
                        }
                    }
                }
            }
            System.out.printf("%s: %d pairs (%d violations) compared%n", flavor, pairs, violations);
        }
        // the native evaluator (ADR 0027) against the classic interpreter, both folded
        PolicyEngine classic = engine(CelRuntimeFlavor.CLASSIC, ExpressionOptimization.FOLD_CONSTANTS);
        PolicyEngine nativeEngine = engine(CelRuntimeFlavor.NATIVE, ExpressionOptimization.FOLD_CONSTANTS);
        long pairs = 0;
        for (Resource r : resources) {
            ResourceActivation a = ResourceActivation.of(r);
            List<PolicyEngine.Evaluation> x = classic.evaluate(a, DecideWorkload.NOW);
            List<PolicyEngine.Evaluation> y = nativeEngine.evaluate(a, DecideWorkload.NOW);
            for (int i = 0; i < x.size(); i++) {
                pairs++;
                if (!x.get(i).outcome().equals(y.get(i).outcome()) && mismatches++ < 40) {
                    System.out.printf("CLASSIC vs NATIVE %s %s: %s vs %s%n", x.get(i).policy().id(), r.id(),
                            x.get(i).outcome(), y.get(i).outcome());
                }
            }
        }
        System.out.printf("CLASSIC vs NATIVE: %d pairs compared%n", pairs);
        System.out.printf("%d outcomes differ%n", mismatches);
        if (mismatches > 0) System.exit(1);
    }

    private static PolicyEngine engine(CelRuntimeFlavor flavor, ExpressionOptimization optimization) {
        PolicyCompiler compiler = new PolicyCompiler(flavor, optimization);
        List<CompiledPolicy> policies = DecideWorkload.policies().stream()
                .map(p -> compiler.compile(p).policy().orElseThrow()).toList();
        return PolicyEngine.of(policies);
    }
}
