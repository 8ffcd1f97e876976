package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aDailySnapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.MetricSnapshotStore;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MetricSnapshotStore} must do. Subclasses return a new, empty store. */
public abstract class MetricSnapshotStoreContract {
    protected abstract MetricSnapshotStore newStore();

    private static final LocalDate DAY = LocalDate.of(2026, 1, 10);

    private MetricSnapshotStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    @Test
    void putIfAbsent_keepsTheFirstSnapshotOfADay() {
        DailySnapshot first = aDailySnapshot(DAY, 80);

        assertThat(store.putIfAbsent(TENANT_A, first)).isTrue();
        assertThat(store.putIfAbsent(TENANT_A, aDailySnapshot(DAY, 90))).isFalse();

        assertThat(store.range(TENANT_A, DAY, DAY)).containsExactly(first);
    }

    @Test
    void range_isInclusiveAndOldestFirst() {
        for (int d = 5; d >= 1; d--) store.putIfAbsent(TENANT_A, aDailySnapshot(DAY.plusDays(d), d));

        assertThat(store.range(TENANT_A, DAY.plusDays(2), DAY.plusDays(4))).extracting(DailySnapshot::date)
                .containsExactly(DAY.plusDays(2), DAY.plusDays(3), DAY.plusDays(4));
    }

    @Test
    void snapshots_arePerTenant() {
        store.putIfAbsent(TENANT_A, aDailySnapshot(DAY, 80));

        assertThat(store.range(TENANT_B, DAY, DAY)).isEmpty();
        assertThat(store.putIfAbsent(TENANT_B, aDailySnapshot(DAY, 50))).isTrue();
        assertThat(store.range(TENANT_A, DAY, DAY)).extracting(DailySnapshot::complianceScore).containsExactly(80.0);
    }
}
