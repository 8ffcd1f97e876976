package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.MetricSnapshots.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.MetricSnapshotStore;
import java.time.LocalDate;
import java.util.List;

/** Daily snapshots in {@code metric_snapshots}; the primary key (tenant, day) keeps the first of a day. */
final class PostgresMetricSnapshotStore implements MetricSnapshotStore {
    private final PostgresTransactions tx;

    PostgresMetricSnapshotStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean putIfAbsent(TenantId tenant, DailySnapshot s) {
        return tx.inTenant(tenant, "storing a daily snapshot", dsl -> dsl.insertInto(T, TENANT, DAY, COMPLIANCE_SCORE,
                        FINDINGS_OPEN, RESOURCES_TOTAL, TAKEN_AT)
                .values(tenant.value(), s.date(), s.complianceScore(), s.findingsOpen(), s.resourcesTotal(), s.takenAt())
                .onConflictDoNothing().execute()) == 1;
    }

    @Override
    public List<DailySnapshot> range(TenantId tenant, LocalDate from, LocalDate to) {
        return tx.inTenant(tenant, "reading daily snapshots", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), DAY.between(from, to)).orderBy(DAY)
                .fetch(r -> new DailySnapshot(r.get(DAY), r.get(COMPLIANCE_SCORE), r.get(FINDINGS_OPEN),
                        r.get(RESOURCES_TOTAL), r.get(TAKEN_AT))));
    }
}
