package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aTenantEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.testkit.TenantEventStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryTenantEventStoreTest extends TenantEventStoreContract {
    @Override
    protected TenantEventStore newStore() {
        return new InMemoryTenantEventStore(new InMemoryTransactions());
    }

    private static List<TenantEvent> events(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> aTenantEvent(TENANT_A, prefix + i)).toList();
    }

    private static List<String> types(TenantEventStore store) {
        return store.read(TENANT_A, 0, Integer.MAX_VALUE).stream().map(TenantEvent::type).toList();
    }

    /** The log keeps a large append's list whole and copies small ones into its own: rollbacks cut either. */
    @Test
    void rolledBackAppends_large_orSmallAfterALargeOne_leaveTheLogAsItWas_andItsNextAppendsInOrder() {
        InMemoryTransactions transactions = new InMemoryTransactions();
        InMemoryTenantEventStore store = new InMemoryTenantEventStore(transactions);
        int large = InMemoryTenantEventStore.KEPT_WHOLE;
        store.append(TENANT_A, events("a", 3));
        store.append(TENANT_A, events("big", large));
        store.append(TENANT_A, events("b", 2));

        assertThatThrownBy(() -> transactions.run(() -> {
            store.append(TENANT_A, events("lost-small", 2));
            store.append(TENANT_A, events("lost-big", large));
            store.append(TENANT_A, events("lost-after", 1));
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        List<String> expected = new ArrayList<>();
        events("a", 3).forEach(e -> expected.add(e.type()));
        events("big", large).forEach(e -> expected.add(e.type()));
        events("b", 2).forEach(e -> expected.add(e.type()));
        assertThat(types(store)).containsExactlyElementsOf(expected);
        assertThat(store.lastSeq(TENANT_A)).isEqualTo(3 + large + 2);
        assertThat(store.unpublished(Integer.MAX_VALUE)).hasSize(3 + large + 2);

        // the small segment the rollback cut takes the next small append; a large one follows whole
        store.append(TENANT_A, events("c", 1));
        store.append(TENANT_A, events("big2-", large));
        expected.add("c0");
        events("big2-", large).forEach(e -> expected.add(e.type()));
        assertThat(types(store)).containsExactlyElementsOf(expected);
        assertThat(store.read(TENANT_A, 3 + large + 2, 2)).extracting(TenantEvent::seq).containsExactly(3L + large + 3, 3L + large + 4);
    }
}
