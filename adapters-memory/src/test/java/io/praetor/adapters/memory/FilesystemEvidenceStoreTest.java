package io.praetor.adapters.memory;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.EvidenceStoreContract;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemEvidenceStoreTest extends EvidenceStoreContract {
    @TempDir
    Path dir;

    @Override
    protected EvidenceStore newStore(InstantSource clock) {
        return new FilesystemEvidenceStore(dir, clock);
    }

    @Test
    void put_writesTheBlobUnderTenantPrefixAndHash() {
        EvidenceRef ref = newStore(new TestClock()).put(TENANT_A, "x".getBytes(StandardCharsets.UTF_8), "text/plain",
                "x.txt", Optional.empty());

        assertThat(dir.resolve("tenant-a").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256())).exists();
    }

    @Test
    void aNewStoreOnTheSameDirectory_findsEarlierEvidenceAndItsMetadata() throws Exception {
        TestClock clock = new TestClock();
        EvidenceRef ref = newStore(clock).put(TENANT_A, "kept".getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8", "name with\ttab and\nnewline", Optional.of("a-1"));

        EvidenceStore reopened = newStore(clock);

        assertThat(reopened.list(TENANT_A, Optional.of("a-1"))).containsExactly(ref);
        assertThat(reopened.get(TENANT_A, ref.sha256())).isPresent();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void get_ofSomethingThatIsNotAHash_isEmpty() {
        assertThat(newStore(new TestClock()).get(TENANT_A, "../../etc/passwd")).isEmpty();
    }
}
