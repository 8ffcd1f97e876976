package io.praetor.domain.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.PolicyStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} reads every store in one transaction (one connection and tenant setting on PostgreSQL). */
class MetricsServiceTransactionTest {
    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final List<String> reads = new ArrayList<>();
    private final List<String> outsideATransaction = new ArrayList<>();
    private int transactionsOpened;
    private boolean open;

    private final Transactions transactions = new Transactions() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (open) return work.get();
            transactionsOpened++;
            open = true;
            try {
                return work.get();
            } finally {
                open = false;
            }
        }

        @Override
        public void afterCommit(Runnable action) {
            action.run();
        }
    };

    private <T> T watched(Class<T> port, T target) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            String call = port.getSimpleName() + "." + method.getName();
            reads.add(call);
            if (!open) outsideATransaction.add(call);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @Test
    void metrics_readsEveryStoreInOneTransaction() {
        MetricsService service = new MetricsService(watched(ResourceStore.class, adapters.resources()),
                watched(PolicyStore.class, adapters.policies()), watched(FindingStore.class, adapters.findings()),
                watched(ActionStore.class, adapters.actions()), watched(MetricSnapshotStore.class, adapters.metricSnapshots()),
                transactions, clock, new LocalAnalyst());

        service.metrics(new Principal("ada", TenantId.of("acme"), Set.of(Role.VIEWER)), Duration.ofDays(30), false);

        assertThat(reads).hasSizeGreaterThan(5);
        assertThat(outsideATransaction).isEmpty();
        assertThat(transactionsOpened).isEqualTo(1);
    }
}
