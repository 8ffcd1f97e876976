package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.MetricSnapshotStore;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** Daily snapshots in one date-sorted map per tenant. */
final class InMemoryMetricSnapshotStore implements MetricSnapshotStore {
    private final TenantMaps<ConcurrentSkipListMap<LocalDate, DailySnapshot>> tenants =
            new TenantMaps<>(ConcurrentSkipListMap::new);

    @Override
    public boolean putIfAbsent(TenantId tenant, DailySnapshot snapshot) {
        return tenants.of(tenant).putIfAbsent(snapshot.date(), snapshot) == null;
    }

    @Override
    public List<DailySnapshot> range(TenantId tenant, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) return List.of();
        return List.copyOf(tenants.of(tenant).subMap(from, true, to, true).values());
    }
}
