package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.ScanResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The full scan of the seeded 100,000-resource / 100-policy tenant (≈ 2 M pairs): {@code scan} is
 * FindingService.scan on the in-memory stores (findings diff, pair counts and events included;
 * parsing excluded); {@code engineOnly} evaluates every pair with no stores, per CEL runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ScanBench {
    @Param({"100000"})
    public int resources;

    @Param({"CLASSIC", "PLANNER"})
    public String flavor;

    private DecideBenchState state;
    private PolicyEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
        state = new DecideBenchState(resources, CelRuntimeFlavor.valueOf(flavor));
        PolicyCompiler compiler = new PolicyCompiler(CelRuntimeFlavor.valueOf(flavor));
        List<CompiledPolicy> compiled = DecideWorkload.policies().stream()
                .map(p -> compiler.compile(p).policy().orElseThrow()).toList();
        engine = PolicyEngine.of(compiled);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public ScanResult scan() {
        return state.findings.scan(DecideBenchState.TENANT);
    }

    @Benchmark
    public long engineOnly(Blackhole bh) {
        long violations = 0;
        for (Resource r : state.resources) {
            for (PolicyEngine.Evaluation e : engine.evaluate(r, DecideWorkload.NOW)) {
                if (e.outcome() instanceof PolicyOutcome.Violation) violations++;
                bh.consume(e);
            }
        }
        return violations;
    }
}
