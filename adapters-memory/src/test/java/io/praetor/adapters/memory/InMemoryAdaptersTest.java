package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.aFinding;
import static io.praetor.testkit.fixtures.Fixtures.aPolicy;
import static io.praetor.testkit.fixtures.Fixtures.aResource;
import static io.praetor.testkit.fixtures.Fixtures.aTenantEvent;
import static io.praetor.testkit.fixtures.Fixtures.anAction;
import static io.praetor.testkit.fixtures.Fixtures.anActionEvent;
import static io.praetor.testkit.fixtures.Fixtures.anElevation;
import static io.praetor.testkit.fixtures.Fixtures.anExemption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.PairCounts;
import io.praetor.testkit.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryAdaptersTest {
    @Test
    void aRollback_undoesTheWritesOfEveryTransactionalStore() {
        try (InMemoryAdapters adapters = InMemoryAdapters.create(SettableClock.atEpochOf2026())) {
            assertThatThrownBy(() -> adapters.transactions().run(() -> {
                adapters.resources().putAll(TENANT_A, List.of(aResource().build()));
                adapters.policies().put(TENANT_A, aPolicy().build());
                adapters.findings().putAll(TENANT_A, List.of(aFinding().build()));
                adapters.findings().adjustPairCounts(TENANT_A, "s3-no-public-read", new PairCounts(0, 1, 0, 0));
                adapters.exemptions().put(TENANT_A, anExemption().build());
                adapters.actions().create(TENANT_A, anAction().build());
                adapters.actionEvents().append(TENANT_A, anActionEvent("action-1", 1));
                adapters.elevations().create(TENANT_A, anElevation().build());
                adapters.tenantEvents().append(TENANT_A, List.of(aTenantEvent(TENANT_A, "finding.opened")));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(adapters.resources().count(TENANT_A)).isZero();
            assertThat(adapters.policies().list(TENANT_A)).isEmpty();
            assertThat(adapters.findings().count(TENANT_A, FindingQuery.all())).isZero();
            assertThat(adapters.findings().find(TENANT_A, "s3-no-public-read", "arn:aws:s3:::bucket-1")).isEmpty();
            assertThat(adapters.findings().pairCounts(TENANT_A)).isEmpty();
            assertThat(adapters.exemptions().list(TENANT_A)).isEmpty();
            assertThat(adapters.actions().get(TENANT_A, "action-1")).isEmpty();
            assertThat(adapters.actionEvents().read(TENANT_A, "action-1", 0, 10)).isEmpty();
            assertThat(adapters.elevations().list(TENANT_A)).isEmpty();
            assertThat(adapters.tenantEvents().lastSeq(TENANT_A)).isZero();
            assertThat(adapters.tenantEvents().unpublished(10)).isEmpty();
            // the undone action event lets the history start again from seq 1
            adapters.actionEvents().append(TENANT_A, anActionEvent("action-1", 1));
        }
    }

    @Test
    void evidenceDirectory_keepsEvidenceInFiles(@TempDir Path dir) throws Exception {
        try (InMemoryAdapters adapters = InMemoryAdapters.builder(SettableClock.atEpochOf2026())
                .evidenceDirectory(dir).build()) {
            var ref = adapters.evidence().put(TENANT_A, "e".getBytes(StandardCharsets.UTF_8), "text/plain", "e.txt",
                    Optional.empty());

            try (var files = Files.walk(dir)) {
                assertThat(files.anyMatch(p -> p.getFileName().toString().equals(ref.sha256()))).isTrue();
            }
        }
    }

    @Test
    void theClockDrivesEveryExpiry() {
        SettableClock clock = new SettableClock(Fixtures.T0);
        try (InMemoryAdapters adapters = InMemoryAdapters.create(clock)) {
            adapters.cache().put("k", new byte[] {1}, java.time.Duration.ofSeconds(10));
            clock.advance(java.time.Duration.ofSeconds(10));

            assertThat(adapters.cache().get("k")).isEmpty();
            assertThat(adapters.clock()).isSameAs(clock);
        }
    }

    @Test
    void afterClose_publishingIsDependencyUnavailable() {
        InMemoryAdapters adapters = InMemoryAdapters.create(SettableClock.atEpochOf2026());
        adapters.close();

        assertThatThrownBy(() -> adapters.eventBus().publish(Fixtures.aBusMessage("t", "k", "x")))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE));
    }
}
