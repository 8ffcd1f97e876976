package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.ExpressionOptimization;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One (policy, resource) evaluation on each CEL runtime: the 20 policies of one type over 500
 * resources of that type, the resource's CEL value built once and reused (as the engine does).
 * Sample mode gives the median. {@code activation} measures building that value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class SingleEvaluationBench {
    @Param({"CLASSIC", "PLANNER"})
    public String flavor;

    @Param({"aws.s3.bucket", "aws.ec2.securitygroup", "aws.iam.user"})
    public String type;

    @Param({"FOLD_CONSTANTS", "NONE"})
    public String optimization;

    private CompiledPolicy[] policies;
    private ResourceActivation[] activations;
    private Resource[] resources;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        PolicyCompiler compiler = new PolicyCompiler(CelRuntimeFlavor.valueOf(flavor), ExpressionOptimization.valueOf(optimization));
        List<Policy> all = DecideWorkload.policies();
        policies = all.stream().filter(p -> p.resourceTypes().contains(type))
                .map(p -> compiler.compile(p).policy().orElseThrow()).toArray(CompiledPolicy[]::new);
        resources = DecideWorkload.resources(2500, 7).stream().filter(r -> r.type().equals(type)).toArray(Resource[]::new);
        activations = new ResourceActivation[resources.length];
        for (int i = 0; i < resources.length; i++) activations[i] = ResourceActivation.of(resources[i]);
    }

    @Benchmark
    public PolicyOutcome evaluate() {
        int i = next++;
        CompiledPolicy p = policies[i % policies.length];
        ResourceActivation r = activations[(i / policies.length) % activations.length];
        return p.evaluate(r, DecideWorkload.NOW);
    }

    @Benchmark
    public ResourceActivation activation() {
        return ResourceActivation.of(resources[next++ % resources.length]);
    }
}
