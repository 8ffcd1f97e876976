package io.praetor;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.ElevationStore;
import io.praetor.ports.coordination.Cache;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.Locks;
import io.praetor.ports.coordination.RateLimiter;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.events.Topics;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.finding.ExemptionStore;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.finding.FindingStore;
import io.praetor.ports.inventory.InventorySourceRegistry;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.metrics.MetricSnapshotStore;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade's background work: the outbox relay and the exemption expiry sweep. */
class PraetorHousekeepingTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Principal ADA = new Principal("ada", ACME, Set.of(Role.ADMIN));
    private static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: bucket-fixed
              title: Buckets are fixed
              severity: high
            spec:
              resource: aws.s3.bucket
              violation: '!resource.properties.?fixed.orValue(false)'
            """;

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final FlakyBus bus = new FlakyBus(adapters.eventBus());
    private Praetor praetor;

    @AfterEach
    void stop() {
        if (praetor != null) praetor.close();
        adapters.close();
    }

    @Test
    void relayOutbox_publishesWhatTheBusRefused_onceEach_withoutTouchingTheStore() {
        praetor = Praetor.builder().ports(new WithBus(adapters, bus)).build();
        bus.down = true;
        praetor.policies().putPolicy(ADA, "bucket-fixed", POLICY);
        importBuckets("arn:aws:s3:::one", "arn:aws:s3:::two");
        List<TenantEvent> stored = adapters.tenantEvents().read(ACME, 0, 100);
        assertThat(stored).extracting(TenantEvent::type).contains("resource.changed", "finding.opened");
        assertThat(adapters.tenantEvents().unpublished(100)).hasSameSizeAs(stored);

        bus.down = false;
        assertThat(praetor.relayOutbox()).isEqualTo(stored.size());

        assertThat(adapters.tenantEvents().unpublished(100)).isEmpty();
        assertThat(adapters.tenantEvents().read(ACME, 0, 100)).isEqualTo(stored);
        List<String> tenantMessages = bus.published.stream().filter(m -> m.topic().equals(Topics.TENANT_EVENTS))
                .map(BusMessage::id).toList();
        assertThat(tenantMessages).doesNotHaveDuplicates()
                .containsExactlyElementsOf(stored.stream().map(e -> "acme:" + e.seq()).toList());
        assertThat(bus.published.stream().filter(m -> m.topic().equals(Topics.RESOURCE_CHANGED))).hasSize(2);
        assertThat(praetor.relayOutbox()).isZero();
    }

    @Test
    void aStartedFacade_relaysTheOutboxByItself() {
        praetor = Praetor.builder().ports(new WithBus(adapters, bus)).housekeepingInterval(Duration.ofMillis(5)).build();
        bus.down = true;
        importBuckets("arn:aws:s3:::later");
        assertThat(adapters.tenantEvents().unpublished(10)).hasSize(1);

        praetor.start();
        bus.down = false;

        await(() -> adapters.tenantEvents().unpublished(10).isEmpty());
        assertThat(bus.published).extracting(BusMessage::id).contains("acme:1");
    }

    @Test
    void aStartedFacade_reopensFindingsWhoseExemptionLapsed() {
        praetor = Praetor.builder().ports(adapters).housekeepingInterval(Duration.ofMillis(5)).build().start();
        praetor.policies().putPolicy(ADA, "bucket-fixed", POLICY);
        importBuckets("arn:aws:s3:::exempt");
        praetor.exemptions().createExemption(ADA, new ExemptionRequest("bucket-fixed", Optional.of("arn:aws:s3:::exempt"),
                Optional.empty(), "until the migration", clock.instant().plus(Duration.ofHours(1))));
        assertThat(status("arn:aws:s3:::exempt")).isEqualTo(FindingStatus.EXEMPTED);

        clock.advance(Duration.ofHours(2));

        await(() -> status("arn:aws:s3:::exempt") == FindingStatus.OPEN);
    }

    private FindingStatus status(String resourceId) {
        return praetor.findings().findings(ADA, FindingQuery.all(), PageRequest.firstPage()).items().stream()
                .filter(f -> f.resourceId().equals(resourceId)).findFirst().orElseThrow().status();
    }

    private void importBuckets(String... ids) {
        StringBuilder ndjson = new StringBuilder();
        for (String id : ids) ndjson.append("{\"id\":\"").append(id).append("\",\"type\":\"aws.s3.bucket\",\"properties\":{}}\n");
        praetor.inventory().importSnapshot(ADA, SnapshotImport.of("praetor"),
                new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Polls what the housekeeping thread does, up to 10 s. */
    private static void await(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached within 10 s");
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The in-memory bus, refusing every publish while {@code down}. */
    static final class FlakyBus implements EventBus {
        final List<BusMessage> published = new CopyOnWriteArrayList<>();
        final EventBus delegate;
        volatile boolean down;

        FlakyBus(EventBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(BusMessage message) {
            if (down) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "bus down");
            published.add(message);
            delegate.publish(message);
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

    /** The in-memory family with another bus. */
    record WithBus(InMemoryAdapters family, EventBus eventBus) implements DrivenPorts {
        @Override public InstantSource clock() { return family.clock(); }
        @Override public Transactions transactions() { return family.transactions(); }
        @Override public ResourceStore resources() { return family.resources(); }
        @Override public PolicyStore policies() { return family.policies(); }
        @Override public FindingStore findings() { return family.findings(); }
        @Override public ExemptionStore exemptions() { return family.exemptions(); }
        @Override public ActionStore actions() { return family.actions(); }
        @Override public ActionEventStore actionEvents() { return family.actionEvents(); }
        @Override public ElevationStore elevations() { return family.elevations(); }
        @Override public TenantEventStore tenantEvents() { return family.tenantEvents(); }
        @Override public MetricSnapshotStore metricSnapshots() { return family.metricSnapshots(); }
        @Override public InventorySourceRegistry inventorySources() { return family.inventorySources(); }
        @Override public EvidenceStore evidence() { return family.evidence(); }
        @Override public LedgerStore ledger() { return family.ledger(); }
        @Override public Locks locks() { return family.locks(); }
        @Override public IdempotencyRecords idempotency() { return family.idempotency(); }
        @Override public RateLimiter rateLimiter() { return family.rateLimiter(); }
        @Override public Cache cache() { return family.cache(); }
        @Override public Signer signer() { return family.signer(); }
    }
}
