package io.praetor.domain.detect;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.Praetor;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.credentials.Credentials;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.LiveInventoryConnector;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.InventorySourceUseCases;
import io.praetor.ports.usecase.SnapshotImport;
import io.praetor.ports.usecase.SourceRegistration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live sources through the facade: registration rules, full-scope syncs, credentials by reference, the schedule. */
class LiveSourceServiceTest {
    private static final Principal OPERATOR = new Principal("ops", TENANT_A, Set.of(Role.OPERATOR));
    private static final Principal VIEWER = new Principal("eve", TENANT_A, Set.of(Role.VIEWER));

    private final SettableClock clock = SettableClock.atEpochOf2026();
    private final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    private final FakeConnector connector = new FakeConnector();
    private final Credentials labKeys = new Credentials("aws-static", Map.of("access_key_id", "AKIA", "secret_access_key", "s"));
    private final Praetor praetor = Praetor.builder().ports(adapters).connector(connector)
            .credentials((tenant, provider, name) -> provider.equals("aws") && name.equals("lab-keys")
                    ? Optional.of(labKeys) : Optional.empty())
            .build();
    private final InventorySourceUseCases sources = praetor.inventorySources();

    @AfterEach
    void close() {
        praetor.close();
        adapters.close();
    }

    /** Yields whatever buckets the test sets, and records the credentials it was handed. */
    static final class FakeConnector implements LiveInventoryConnector {
        volatile List<String> buckets = List.of();
        volatile boolean failing;
        final List<Optional<Credentials>> handed = new CopyOnWriteArrayList<>();

        @Override public String kind() { return "s3"; }
        @Override public String provider() { return "aws"; }
        @Override public String sourceName() { return "s3-live"; }

        @Override
        public void fetch(InventorySource source, Optional<Credentials> credentials, Consumer<Resource> sink) {
            handed.add(credentials);
            if (failing) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "endpoint down");
            for (String b : buckets) {
                sink.accept(Resource.of("arn:aws:s3:::" + b, "aws.s3.bucket", b, "us-east-1",
                        source.account().orElse(""), Map.of(), Map.of("configuration", Map.of("name", b)),
                        "s3-live", java.time.Instant.parse("2026-01-01T00:00:00Z")));
            }
        }
    }

    private static SourceRegistration registration(String id, String account, Duration schedule, String credentials) {
        return new SourceRegistration(id, "s3", Optional.of("http://127.0.0.1:9000"), Optional.of("us-east-1"),
                Optional.ofNullable(account), Optional.ofNullable(schedule), true, Optional.ofNullable(credentials));
    }

    private List<String> liveNames() {
        List<String> names = new ArrayList<>();
        praetor.inventory().resources(OPERATOR, ResourceQuery.all(), PageRequest.firstPage()).items().stream()
                .filter(r -> r.source().equals("s3-live")).forEach(r -> names.add(r.name()));
        return names;
    }

    @Test
    void sync_isAFullSnapshotOfTheSourceScope_bucketsGoneAreDeleted_otherSourcesUntouched() {
        praetor.inventory().importSnapshot(OPERATOR, SnapshotImport.of("praetor"), new ByteArrayInputStream(
                ("{\"id\":\"arn:aws:s3:::from-file\",\"type\":\"aws.s3.bucket\",\"name\":\"from-file\",\"source\":\"praetor\"}\n")
                        .getBytes(StandardCharsets.UTF_8)));
        sources.register(OPERATOR, registration("lab", "111122223333", null, "lab-keys"));
        connector.buckets = List.of("a", "b", "c");

        ImportResult first = sources.sync(OPERATOR, "lab");
        connector.buckets = List.of("a", "c");
        ImportResult second = sources.sync(OPERATOR, "lab");
        connector.buckets = List.of();
        ImportResult third = sources.sync(OPERATOR, "lab");

        assertThat(first.created()).isEqualTo(3);
        assertThat(second.deleted()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(third.deleted()).isEqualTo(2);
        assertThat(liveNames()).isEmpty();
        assertThat(praetor.inventory().resource(OPERATOR, "arn:aws:s3:::from-file").resource().source()).isEqualTo("praetor");
        assertThat(connector.handed).allSatisfy(c -> assertThat(c).contains(labKeys));
        assertThat(sources.sources(VIEWER)).singleElement()
                .satisfies(s -> assertThat(s.lastSyncAt()).contains(clock.instant()));
        assertThat(praetor.ledger().read(TENANT_A, 0, 100)).extracting(l -> l.entry().kind())
                .contains("inventory.source.create", "inventory.import");
    }

    @Test
    void aFailedRead_changesNothing() {
        sources.register(OPERATOR, registration("lab", null, null, null));
        connector.buckets = List.of("a");
        sources.sync(OPERATOR, "lab");
        connector.failing = true;

        assertThatThrownBy(() -> sources.sync(OPERATOR, "lab")).isInstanceOfSatisfying(PraetorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
        assertThat(liveNames()).containsExactly("a");
    }

    @Test
    void registration_rejectsUnknownKindsCredentialsAndOverlappingScopes_andNeedsTheOperatorRole() {
        assertThatThrownBy(() -> sources.register(OPERATOR, new SourceRegistration("x", "azure", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty())))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains("kind").contains("installed: s3");
                });
        assertThatThrownBy(() -> sources.register(OPERATOR, registration("x", null, null, "no-such-keys")))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        assertThatThrownBy(() -> sources.register(OPERATOR, registration("x", null, Duration.ofSeconds(5), null)))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
        assertThatThrownBy(() -> sources.register(VIEWER, registration("x", null, null, null)))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

        sources.register(OPERATOR, registration("one", "1", null, null));
        sources.register(OPERATOR, registration("one", "1", Duration.ofMinutes(5), null)); // replaces itself
        assertThatThrownBy(() -> sources.register(OPERATOR, registration("two", "1", null, null)))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        sources.register(OPERATOR, registration("two", "2", null, null));
        assertThat(sources.sources(VIEWER)).extracting(InventorySource::id).containsExactly("one", "two");
        assertThat(sources.sources(VIEWER).getFirst().schedule()).contains(Duration.ofMinutes(5));
        assertThatThrownBy(() -> sources.sync(OPERATOR, "nope")).isInstanceOfSatisfying(PraetorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void syncDue_runsEachScheduledSourceOncePerPeriodOnTheClock_andAFailingOneWaitsAPeriodToo() {
        sources.register(OPERATOR, registration("every-10m", null, Duration.ofMinutes(10), null));
        praetor.inventorySources().register(new Principal("ops", TENANT_B, Set.of(Role.OPERATOR)),
                registration("manual", null, null, null));
        connector.buckets = List.of("a");

        assertThat(sources.syncDue()).isEqualTo(1);
        assertThat(sources.syncDue()).isZero();
        clock.advance(Duration.ofMinutes(9));
        assertThat(sources.syncDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        connector.failing = true;
        assertThat(sources.syncDue()).isZero(); // tried, failed
        int calls = connector.handed.size();
        clock.advance(Duration.ofMinutes(5));
        assertThat(sources.syncDue()).isZero();
        assertThat(connector.handed).hasSize(calls);
        connector.failing = false;
        clock.advance(Duration.ofMinutes(5));
        assertThat(sources.syncDue()).isEqualTo(1);
        assertThat(liveNames()).containsExactly("a");
    }
}
