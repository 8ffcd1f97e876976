package io.praetor.domain.detect;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.Topics;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InventoryServiceTest {
    private static final Principal OPERATOR = new Principal("ops", TENANT_A, Set.of(Role.OPERATOR));
    private static final Principal VIEWER = new Principal("eve", TENANT_A, Set.of(Role.VIEWER));

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final RecordingBus bus = new RecordingBus(adapters.eventBus());
    private final List<List<ResourceChange>> told = new CopyOnWriteArrayList<>();
    private final InventoryService service = new InventoryService(adapters.resources(), adapters.findings(),
            adapters.tenantEvents(), bus, adapters.transactions(), clock, InventoryLimits.DEFAULT,
            Optional.of((tenant, changes) -> told.add(changes)));

    @AfterEach
    void close() {
        adapters.close();
    }

    private ImportResult importText(SnapshotImport request, String text) {
        return service.importSnapshot(OPERATOR, request,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private ImportResult importExample(SnapshotImport request, String file) throws IOException {
        try (InputStream in = Files.newInputStream(Samples.example(file))) {
            return service.importSnapshot(OPERATOR, request, in);
        }
    }

    private static SnapshotImport full(String format) {
        return new SnapshotImport(format, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    private static String item(String arn, String type, String region, String extra) {
        return "{\"resourceType\":\"" + type + "\",\"ARN\":\"" + arn + "\",\"awsRegion\":\"" + region
                + "\",\"awsAccountId\":\"111122223333\",\"configuration\":{" + extra + "}}";
    }

    @Test
    void firstImport_createsEveryResourceAtVersion1_andPublishesOneEventEach() throws IOException {
        ImportResult result = importExample(SnapshotImport.of("aws-config"), "aws-config-snapshot.json");

        assertThat(result.received()).isEqualTo(10);
        assertThat(result.created()).isEqualTo(10);
        assertThat(result.updated() + result.deleted() + result.unchanged()).isZero();
        assertThat(result.snapshotId()).isNotBlank();
        Resource stored = adapters.resources().get(TENANT_A, "arn:aws:s3:::acme-public-assets").orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.contentHash()).hasSize(64).isEqualTo(ContentHasher.hash(stored));
        assertThat(adapters.resources().count(TENANT_B)).isZero();

        assertThat(bus.messages).hasSize(10).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo(Topics.RESOURCE_CHANGED);
            assertThat(m.tenant()).isEqualTo(TENANT_A);
            assertThat(m.type()).isEqualTo("resource.changed");
        });
        BusMessage first = bus.messages.getFirst();
        assertThat(first.key()).isEqualTo("arn:aws:s3:::acme-public-assets");
        assertThat(first.payload().utf8()).isEqualTo(
                "{\"resource_key\":\"" + ResourceKeys.keyOf("arn:aws:s3:::acme-public-assets")
                        + "\",\"resource_id\":\"arn:aws:s3:::acme-public-assets\",\"version\":1,\"change\":\"created\"}");
        assertThat(bus.tenantEvents).hasSize(10);
        assertThat(bus.tenantEvents.getFirst().key()).isEqualTo(TENANT_A.value());
        assertThat(bus.tenantEvents.getFirst().payload().utf8())
                .startsWith("{\"tenant\":\"tenant-a\",\"seq\":1,\"type\":\"resource.changed\",\"at\":")
                .endsWith("\"data\":" + first.payload().utf8() + "}");
        List<TenantEvent> events = adapters.tenantEvents().read(TENANT_A, 0, 100);
        assertThat(events).hasSize(10).allSatisfy(e -> assertThat(e.type()).isEqualTo("resource.changed"));
        assertThat(events.getFirst().data()).containsEntry("change", "created").containsEntry("version", 1L);
        assertThat(bus.tenantEvents).allSatisfy(m -> assertThat(m.topic()).isEqualTo(Topics.TENANT_EVENTS));
        assertThat(bus.tenantEvents.getFirst().id()).isEqualTo(TENANT_A.value() + ":1");
        assertThat(adapters.tenantEvents().unpublished(100)).isEmpty();
        assertThat(told).singleElement().satisfies(changes -> assertThat(changes).hasSize(10)
                .allSatisfy(c -> assertThat(c).isInstanceOf(ResourceChange.Created.class)));
    }

    @Test
    void reimportOfTheSameFile_isUnchangedAndPublishesNothing() throws IOException {
        importExample(SnapshotImport.of("aws-config"), "aws-config-snapshot.json");
        bus.messages.clear();
        told.clear();
        clock.advance(Duration.ofHours(1));

        ImportResult again = importExample(full("aws-config"), "aws-config-snapshot.json");

        assertThat(again.unchanged()).isEqualTo(10);
        assertThat(again.created() + again.updated() + again.deleted()).isZero();
        assertThat(bus.messages).isEmpty();
        assertThat(bus.tenantEvents).hasSize(10);
        assertThat(told).isEmpty();
        assertThat(adapters.tenantEvents().lastSeq(TENANT_A)).isEqualTo(10);
    }

    @Test
    void reorderedKeys_areNotAChange() {
        importText(SnapshotImport.of("aws-config"), item("arn:a", "AWS::S3::Bucket", "us-east-1", "\"x\":1,\"y\":{\"p\":1,\"q\":2}"));
        bus.messages.clear();

        ImportResult again = importText(SnapshotImport.of("aws-config"),
                item("arn:a", "AWS::S3::Bucket", "us-east-1", "\"y\":{\"q\":2,\"p\":1},\"x\":1"));

        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(bus.messages).isEmpty();
    }

    @Test
    void changedContent_updatesWithTheNextVersion() throws IOException {
        importExample(SnapshotImport.of("aws-config"), "aws-config-snapshot.json");
        bus.messages.clear();
        told.clear();

        ImportResult result = importExample(SnapshotImport.of("aws-config"), "aws-config-change-notification.json");

        assertThat(result.updated()).isEqualTo(1);
        String id = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0";
        Resource stored = adapters.resources().get(TENANT_A, id).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(bus.messages).singleElement().satisfies(m -> assertThat(m.payload().utf8())
                .contains("\"version\":2", "\"change\":\"updated\""));
        assertThat(told).singleElement().satisfies(changes -> assertThat(changes).singleElement()
                .isInstanceOfSatisfying(ResourceChange.Updated.class, u -> {
                    assertThat(u.before().version()).isEqualTo(1);
                    assertThat(u.after().version()).isEqualTo(2);
                    assertThat(u.after().observedAt()).isEqualTo(java.time.Instant.parse("2026-11-21T14:02:19.845Z"));
                }));
    }

    @Test
    void resourceDeleted_deletesTheStoredResource() throws IOException {
        importExample(SnapshotImport.of("aws-config"), "aws-config-snapshot.json");
        bus.messages.clear();

        ImportResult result = importExample(SnapshotImport.of("aws-config"), "aws-config-api-items.json");

        assertThat(result.received()).isEqualTo(3);
        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.created()).isEqualTo(1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(adapters.resources().get(TENANT_A, "arn:aws:ec2:us-east-1:123456789012:volume/vol-0a9b8c7d6e5f40312"))
                .isEmpty();
        assertThat(bus.messages).extracting(m -> m.payload().utf8())
                .anySatisfy(p -> assertThat(p).contains("vol-0a9b8c7d6e5f40312", "\"change\":\"deleted\"", "\"version\":2"));
    }

    @Test
    void resourceDeletedForAnUnknownId_changesNothing() {
        ImportResult result = importText(SnapshotImport.of("aws-config"),
                "{\"resourceType\":\"AWS::EC2::Volume\",\"ARN\":\"arn:v\",\"configurationItemStatus\":\"ResourceDeleted\"}");
        assertThat(result.deleted()).isZero();
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(bus.messages).isEmpty();
    }

    @Test
    void fullSnapshot_deletesOnlyAbsentResourcesOfItsScope() {
        importText(SnapshotImport.of("aws-config"), String.join("\n",
                item("arn:b1", "AWS::S3::Bucket", "us-east-1", ""),
                item("arn:b2", "AWS::S3::Bucket", "us-east-1", ""),
                item("arn:b3-other-region", "AWS::S3::Bucket", "eu-west-1", ""),
                item("arn:v1-other-type", "AWS::EC2::Volume", "us-east-1", "")));
        importText(new SnapshotImport("custodian", Optional.of("aws.s3"), Optional.empty(),
                Optional.of("111122223333"), Optional.of("us-east-1"), false), "[{\"Name\":\"custodian-bucket\"}]");
        bus.messages.clear();

        ImportResult result = importText(full("aws-config"), item("arn:b1", "AWS::S3::Bucket", "us-east-1", ""));

        assertThat(result.deleted()).isEqualTo(1);
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(adapters.resources().get(TENANT_A, "arn:b2")).isEmpty();
        // Another region, another type and another source are outside the scope.
        assertThat(adapters.resources().get(TENANT_A, "arn:b3-other-region")).isPresent();
        assertThat(adapters.resources().get(TENANT_A, "arn:v1-other-type")).isPresent();
        assertThat(adapters.resources().get(TENANT_A, "custodian-bucket")).isPresent();
        assertThat(bus.messages).singleElement().satisfies(m -> assertThat(m.key()).isEqualTo("arn:b2"));
    }

    @Test
    void notFullSnapshot_deletesNothing() {
        importText(SnapshotImport.of("aws-config"), item("arn:b1", "AWS::S3::Bucket", "us-east-1", "") + "\n"
                + item("arn:b2", "AWS::S3::Bucket", "us-east-1", ""));

        ImportResult result = importText(SnapshotImport.of("aws-config"), item("arn:b1", "AWS::S3::Bucket", "us-east-1", ""));

        assertThat(result.deleted()).isZero();
        assertThat(adapters.resources().get(TENANT_A, "arn:b2")).isPresent();
    }

    @Test
    void errorInALaterRecord_storesNothing() {
        String text = item("arn:b1", "AWS::S3::Bucket", "us-east-1", "") + "\n" + "{\"resourceType\":\"nope\",\"ARN\":\"x\"}";

        assertThatThrownBy(() -> importText(SnapshotImport.of("aws-config"), text))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues().getFirst().record()).isEqualTo(2);
                });
        assertThat(adapters.resources().count(TENANT_A)).isZero();
        assertThat(adapters.tenantEvents().lastSeq(TENANT_A)).isZero();
        assertThat(bus.messages).isEmpty();
    }

    @Test
    void putResource_createsThenUpdates_andReturnsTheStoredVersion() {
        Resource given = aResource().withId("arn:aws:s3:::put-me").withSource("").withVersion(0)
                .withProperty("Policy", "{\"Statement\":[]}").build();

        Resource created = service.putResource(OPERATOR, given);
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.source()).isEqualTo("praetor");
        assertThat(created.properties().get("Policy")).isEqualTo(Map.of("Statement", List.of()));
        Resource same = service.putResource(OPERATOR, given);
        assertThat(same.version()).isEqualTo(1);
        Resource changed = service.putResource(OPERATOR,
                aResource().withId("arn:aws:s3:::put-me").withProperty("acl", "private").build());
        assertThat(changed.version()).isEqualTo(2);
        assertThat(bus.messages).extracting(m -> m.payload().utf8())
                .satisfiesExactly(p -> assertThat(p).contains("\"created\""), p -> assertThat(p).contains("\"updated\""));
    }

    @Test
    void deleteResource_deletesAndPublishes_andUnknownIsNotFound() {
        service.putResource(OPERATOR, aResource().withId("arn:x").build());

        service.deleteResource(OPERATOR, "arn:x");

        assertThat(adapters.resources().get(TENANT_A, "arn:x")).isEmpty();
        assertThat(bus.messages).last().satisfies(m ->
                assertThat(m.payload().utf8()).contains("\"change\":\"deleted\""));
        assertThat(told.getLast()).singleElement().isInstanceOf(ResourceChange.Deleted.class);
        assertThatThrownBy(() -> service.deleteResource(OPERATOR, "arn:x"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void reads_areTenantScoped_andShowOpenFindings() {
        service.putResource(OPERATOR, aResource().withId("arn:r").build());
        adapters.transactions().run(() -> adapters.findings().putAll(TENANT_A, List.of(
                aFinding().withId("f-open").withResource("arn:r").withStatus(FindingStatus.OPEN).build(),
                aFinding().withId("f-done").withPolicy("other").withResource("arn:r")
                        .withStatus(FindingStatus.RESOLVED).build())));

        assertThat(service.resource(VIEWER, "arn:r").findings()).extracting(f -> f.id()).containsExactly("f-open");
        assertThat(service.resources(VIEWER, ResourceQuery.all(), PageRequest.firstPage()).items()).hasSize(1);
        Principal other = new Principal("x", TENANT_B, Set.of(Role.ADMIN));
        assertThatThrownBy(() -> service.resource(other, "arn:r"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void writes_needTheOperatorRole() {
        assertThatThrownBy(() -> service.putResource(VIEWER, aResource().build()))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> service.importSnapshot(VIEWER, SnapshotImport.of("praetor"),
                new ByteArrayInputStream(new byte[0])))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> service.deleteResource(VIEWER, "arn:x"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void busFailure_leavesTheChangeCommittedAndTheEventsUnpublished() {
        bus.failing = true;

        ImportResult result = importText(SnapshotImport.of("aws-config"), item("arn:b1", "AWS::S3::Bucket", "us-east-1", ""));

        assertThat(result.created()).isEqualTo(1);
        assertThat(adapters.resources().get(TENANT_A, "arn:b1")).isPresent();
        assertThat(adapters.tenantEvents().unpublished(10)).hasSize(1);
        assertThat(told).hasSize(1);
    }

    @Test
    void listenerFailure_doesNotFailTheImport() {
        InventoryService throwing = new InventoryService(adapters.resources(), adapters.findings(),
                adapters.tenantEvents(), bus, adapters.transactions(), clock, InventoryLimits.DEFAULT,
                Optional.of((tenant, changes) -> {
                    throw new IllegalStateException("decide is down");
                }));

        ImportResult result = throwing.importSnapshot(OPERATOR, SnapshotImport.of("aws-config"),
                new ByteArrayInputStream(item("arn:b1", "AWS::S3::Bucket", "us-east-1", "").getBytes(StandardCharsets.UTF_8)));

        assertThat(result.created()).isEqualTo(1);
        assertThat(bus.messages).hasSize(1);
    }

    /**
     * Records what is published (synchronously) before handing it to the real in-memory bus:
     * {@code messages} the work-distribution messages on {@link Topics#RESOURCE_CHANGED},
     * {@code tenantEvents} the same events on {@link Topics#TENANT_EVENTS}.
     */
    static final class RecordingBus implements EventBus {
        final List<BusMessage> messages = new ArrayList<>();
        final List<BusMessage> tenantEvents = new ArrayList<>();
        final EventBus delegate;
        volatile boolean failing;

        RecordingBus(EventBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized void publish(BusMessage message) {
            if (failing) {
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "bus down");
            }
            (message.topic().equals(Topics.RESOURCE_CHANGED) ? messages : tenantEvents).add(message);
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
}
