package io.praetor.adapters.memory;

import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.testkit.MetricSnapshotStoreContract;

class InMemoryMetricSnapshotStoreTest extends MetricSnapshotStoreContract {
    @Override
    protected MetricSnapshotStore newStore() {
        return new InMemoryMetricSnapshotStore();
    }
}
