package io.praetor.adapters.postgres;

import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.testkit.MetricSnapshotStoreContract;

class PostgresMetricSnapshotStoreTest extends MetricSnapshotStoreContract {
    @Override
    protected MetricSnapshotStore newStore() {
        return new PostgresMetricSnapshotStore(TestDatabase.fresh().transactions());
    }
}
