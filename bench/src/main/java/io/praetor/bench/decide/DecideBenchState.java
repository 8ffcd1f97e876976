package io.praetor.bench.decide;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.domain.decide.FindingService;
import io.praetor.domain.decide.PolicyCatalog;
import io.praetor.domain.decide.engine.CelRuntimeFlavor;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** The seeded tenant of the scan benchmarks: in-memory stores with the workload in them. */
final class DecideBenchState implements AutoCloseable {
    static final TenantId TENANT = TenantId.of("bench");

    final InMemoryAdapters adapters;
    final FindingService findings;
    final PolicyCatalog catalog;
    final List<Resource> resources;

    DecideBenchState(int resourceCount, CelRuntimeFlavor flavor) {
        InstantSource clock = InstantSource.fixed(DecideWorkload.NOW);
        adapters = InMemoryAdapters.create(clock);
        resources = DecideWorkload.resources(resourceCount, 42);
        for (int from = 0; from < resources.size(); from += 10_000) {
            List<Resource> chunk = resources.subList(from, Math.min(resources.size(), from + 10_000)).stream()
                    .map(r -> r.withVersion(1)).toList();
            adapters.transactions().run(() -> adapters.resources().putAll(TENANT, chunk));
        }
        for (Policy p : DecideWorkload.policies()) {
            adapters.policies().put(TENANT, p.stored(1, DecideWorkload.NOW, "bench"));
        }
        catalog = new PolicyCatalog(adapters.policies(), new PolicyCompiler(flavor, optimization()));
        findings = new FindingService(adapters.resources(), adapters.findings(), adapters.exemptions(),
                adapters.tenantEvents(), adapters.eventBus(), adapters.transactions(), clock, catalog,
                adapters.metricSnapshots(), Optional.empty());
    }

    /** {@code -Dpraetor.bench.flavor=CLASSIC|PLANNER} measures a cel-java runtime instead of the native evaluator (ADR 0027). */
    static CelRuntimeFlavor flavor() {
        return CelRuntimeFlavor.valueOf(System.getProperty("praetor.bench.flavor", "NATIVE"));
    }

    /** {@code -Dpraetor.bench.optimization=NONE} measures the engine without constant folding. */
    static io.praetor.domain.decide.engine.ExpressionOptimization optimization() {
        return io.praetor.domain.decide.engine.ExpressionOptimization.valueOf(
                System.getProperty("praetor.bench.optimization", "FOLD_CONSTANTS"));
    }

    @Override
    public void close() {
        adapters.close();
    }
}
