package io.praetor.bench.decide;

import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Incremental re-evaluation of one changed resource in the seeded tenant after a full scan: the
 * ~20 policies of its type, its findings read and written, pair-count deltas and finding events.
 * The resource alternates between two versions so findings really open and resolve.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class IncrementalBench {
    @Param({"100000"})
    public int resources;

    private DecideBenchState state;
    private List<Resource> a;
    private List<Resource> b;
    private boolean flip;

    @Setup(Level.Trial)
    public void setUp() {
        state = new DecideBenchState(resources, DecideBenchState.flavor());
        state.findings.scan(DecideBenchState.TENANT);
        Resource volume = state.resources.stream().filter(r -> r.type().equals("aws.ec2.volume")).findFirst().orElseThrow();
        a = List.of(withEncrypted(volume, true));
        b = List.of(withEncrypted(volume, false));
    }

    @SuppressWarnings("unchecked")
    private static Resource withEncrypted(Resource r, boolean encrypted) {
        Map<String, Object> props = new LinkedHashMap<>(r.properties());
        Map<String, Object> conf = new LinkedHashMap<>((Map<String, Object>) props.get("configuration"));
        conf.put("encrypted", encrypted);
        conf.put("state", encrypted ? "in-use" : "available");
        props.put("configuration", conf);
        return r.withProperties(JsonTrees.freezeObject(props));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        state.close();
    }

    @Benchmark
    public void reevaluateOneResource() {
        flip = !flip;
        state.findings.reevaluate(DecideBenchState.TENANT, flip ? a : b, List.of());
    }
}
