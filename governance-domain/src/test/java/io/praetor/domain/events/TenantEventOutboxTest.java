package io.praetor.domain.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantEventOutboxTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final FlakyBus bus = new FlakyBus(adapters.eventBus());
    private final TenantEventOutbox outbox = new TenantEventOutbox(adapters.tenantEvents(), bus, adapters.transactions());

    @AfterEach
    void close() {
        adapters.close();
    }

    @Test
    void append_publishesOnlyAfterCommit_everyEventOnTenantEvents_andResourceChangesAlsoOnTheirTopic() {
        adapters.transactions().run(() -> {
            outbox.append(ACME, List.of(resourceChanged("arn:a"), findingOpened("f1")));
            assertThat(bus.published).as("nothing is published before commit").isEmpty();
        });

        assertThat(bus.published).extracting(BusMessage::topic, BusMessage::id, BusMessage::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Topics.TENANT_EVENTS, "acme:1", "acme"),
                org.assertj.core.groups.Tuple.tuple(Topics.RESOURCE_CHANGED, "resource.changed:acme:1", "arn:a"),
                org.assertj.core.groups.Tuple.tuple(Topics.TENANT_EVENTS, "acme:2", "acme"));
        Map<String, Object> body = JsonTreeReader.readObject(bus.published.getFirst().payload().toByteArray());
        assertThat(body).containsEntry("tenant", "acme").containsEntry("seq", 1L)
                .containsEntry("type", "resource.changed").containsEntry("at", clock.instant().toString())
                .containsEntry("data", Map.of("resource_id", "arn:a", "change", "created"));
        assertThat(JsonTreeReader.readObject(bus.published.get(1).payload().toByteArray()))
                .isEqualTo(Map.of("resource_id", "arn:a", "change", "created"));
        assertThat(adapters.tenantEvents().unpublished(10)).isEmpty();
    }

    @Test
    void append_inARolledBackTransaction_storesAndPublishesNothing() {
        assertThatThrownBy(() -> adapters.transactions().run(() -> {
            outbox.append(ACME, List.of(findingOpened("f1")));
            throw new IllegalStateException("the change failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(adapters.tenantEvents().lastSeq(ACME)).isZero();
        assertThat(bus.published).isEmpty();
    }

    @Test
    void busFailure_leavesEventsUnpublished_andTheRelayPublishesThemLater_withNothingLostOrDuplicated() {
        bus.failuresLeft = Integer.MAX_VALUE;
        outbox.append(ACME, List.of(resourceChanged("arn:a"), findingOpened("f1")));
        outbox.append(GLOBEX, List.of(TenantEvent.draft(GLOBEX, "finding.opened", clock.instant(), Map.of("finding_id", "g1"))));

        assertThat(bus.published).isEmpty();
        assertThat(adapters.tenantEvents().unpublished(10)).hasSize(3);
        assertThat(outbox.relay(10)).as("the bus is still down").isZero();
        assertThat(adapters.tenantEvents().unpublished(10)).hasSize(3);

        bus.failuresLeft = 0;
        assertThat(outbox.relay(10)).isEqualTo(3);

        assertThat(bus.published).extracting(BusMessage::id).containsExactlyInAnyOrder(
                "acme:1", "resource.changed:acme:1", "acme:2", "globex:1");
        assertThat(adapters.tenantEvents().unpublished(10)).isEmpty();
        assertThat(adapters.tenantEvents().read(ACME, 0, 10)).extracting(TenantEvent::seq).containsExactly(1L, 2L);
        assertThat(adapters.tenantEvents().read(GLOBEX, 0, 10)).extracting(TenantEvent::seq).containsExactly(1L);
        assertThat(outbox.relay(10)).as("nothing is left to relay").isZero();
        assertThat(bus.published).hasSize(4);
    }

    @Test
    void aFailureMidway_marksWhatWentOut_andTheRelayFinishesTheRest() {
        bus.failAfter = 1; // the first event's tenant message goes out, its resource.changed copy fails
        outbox.append(ACME, List.of(findingOpened("f1"), resourceChanged("arn:b"), findingOpened("f2")));

        assertThat(adapters.tenantEvents().unpublished(10)).extracting(TenantEvent::seq).containsExactly(2L, 3L);

        bus.failAfter = -1;
        assertThat(outbox.relay(1)).as("at most the limit per round").isEqualTo(1);
        assertThat(outbox.relay(10)).isEqualTo(1);

        assertThat(adapters.tenantEvents().unpublished(10)).isEmpty();
        assertThat(bus.published).extracting(BusMessage::id).contains("acme:1", "acme:2", "resource.changed:acme:2", "acme:3");
    }

    @Test
    void aLargeBatch_goesOutInChunks_andAFailureInOneLeavesItsRestAndTheLaterChunksToTheRelay() {
        // a first scan appends half a million events; the bus gets them 16,384 at a time, each chunk marked
        // published before the next is built
        bus.failAfter = 20_000; // inside the second chunk
        List<TenantEvent> drafts = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) drafts.add(findingOpened("f" + i));
        outbox.append(ACME, drafts);

        assertThat(bus.batchSizes).as("the third chunk is not tried after the second failed").containsExactly(16_384, 16_384);
        List<TenantEvent> left = adapters.tenantEvents().unpublished(50_000);
        assertThat(left).hasSize(20_000);
        assertThat(left.getFirst().seq()).isEqualTo(20_001L);

        bus.failAfter = -1;
        assertThat(outbox.relay(50_000)).isEqualTo(20_000);
        assertThat(bus.batchSizes).containsExactly(16_384, 16_384, 16_384, 3_616);
        assertThat(adapters.tenantEvents().unpublished(10)).isEmpty();
        assertThat(bus.published).hasSize(40_000).extracting(BusMessage::id).doesNotHaveDuplicates();
        assertThat(JsonTreeReader.readObject(bus.published.getLast().payload().toByteArray()))
                .containsEntry("seq", 40_000L).containsEntry("data", Map.of("finding_id", "f39999"));
    }

    private TenantEvent resourceChanged(String id) {
        return TenantEvent.draft(ACME, "resource.changed", clock.instant(), Map.of("resource_id", id, "change", "created"));
    }

    private TenantEvent findingOpened(String id) {
        return TenantEvent.draft(ACME, "finding.opened", clock.instant(), Map.of("finding_id", id));
    }

    /** The in-memory bus, but it can fail: for the next {@code failuresLeft} publishes, or after {@code failAfter} successes. */
    static final class FlakyBus implements EventBus {
        final List<BusMessage> published = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
        final EventBus delegate;
        volatile int failuresLeft;
        volatile int failAfter = -1;

        FlakyBus(EventBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void publish(BusMessage message) {
            if (failuresLeft > 0 || (failAfter >= 0 && published.size() >= failAfter)) {
                if (failuresLeft > 0 && failuresLeft != Integer.MAX_VALUE) failuresLeft--;
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "bus down");
            }
            published.add(message);
            delegate.publish(message);
        }

        @Override
        public synchronized Published publishAll(List<BusMessage> messages) {
            batchSizes.add(messages.size());
            return EventBus.super.publishAll(messages);
        }

        @Override
        public Subscription consume(String topic, String group, WorkQueueOptions options,
                                    Function<Delivery, Disposition> handler) {
            return delegate.consume(topic, group, options, handler);
        }

        @Override
        public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
            return delegate.subscribe(topic, handler);
        }
    }
}
