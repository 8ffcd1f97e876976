package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.ExpressionOptimization;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.ports.inventory.Resource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Single (policy, resource) evaluation measured in thread CPU time rather than wall time, so a
 * machine shared with other work does not inflate it: one batch is the 20 policies of one resource
 * (its CEL value built once, as the engine does), and the figure per type is the median batch
 * divided by 20, plus the mean over every batch. JMH {@link SingleEvaluationBench} gives wall-time
 * percentiles on a quiet machine. Run with
 * {@code bench/run --main io.praetor.bench.decide.SingleEvaluationCpu [NATIVE|CLASSIC|PLANNER]}.
 */
public final class SingleEvaluationCpu {
    private SingleEvaluationCpu() {}

    public static void main(String[] args) {
        CelRuntimeFlavor flavor = CelRuntimeFlavor.valueOf(args.length > 0 ? args[0] : "NATIVE");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Resource> resources = DecideWorkload.resources(5000, 7);
        for (int round = 0; round < 3; round++) {
            for (ExpressionOptimization optimization : ExpressionOptimization.values()) {
                PolicyCompiler compiler = new PolicyCompiler(flavor, optimization);
                StringBuilder line = new StringBuilder(flavor + " " + optimization + " round " + round + ":");
                double allMedians = 0;
                for (String type : DecideWorkload.TYPES) {
                    CompiledPolicy[] policies = DecideWorkload.policies().stream().filter(p -> p.resourceTypes().contains(type))
                            .map(p -> compiler.compile(p).policy().orElseThrow()).toArray(CompiledPolicy[]::new);
                    ResourceActivation[] activations = resources.stream().filter(r -> r.type().equals(type))
                            .map(ResourceActivation::of).toArray(ResourceActivation[]::new);
                    long sink = 0;
                    for (int w = 0; w < 20; w++) {
                        for (ResourceActivation a : activations) {
                            for (CompiledPolicy p : policies) sink += p.evaluate(a, DecideWorkload.NOW).hashCode();
                        }
                    }
                    int reps = 20;
                    long[] batches = new long[activations.length * reps];
                    long total = 0;
                    for (int rep = 0; rep < reps; rep++) {
                        for (int i = 0; i < activations.length; i++) {
                            long c = threads.getCurrentThreadCpuTime();
                            for (CompiledPolicy p : policies) sink += p.evaluate(activations[i], DecideWorkload.NOW).hashCode();
                            long d = threads.getCurrentThreadCpuTime() - c;
                            batches[rep * activations.length + i] = d;
                            total += d;
                        }
                    }
                    Arrays.sort(batches);
                    double median = (double) batches[batches.length / 2] / policies.length;
                    allMedians += median;
                    line.append(String.format(" %s median %.0f ns mean %.0f ns;", type.substring(4), median,
                            (double) total / batches.length / policies.length));
                    if (sink == 42) System.out.println();
                }
                System.out.println(line.append(String.format(" all types: median %.0f ns", allMedians / DecideWorkload.TYPES.length)));
            }
        }
    }
}
