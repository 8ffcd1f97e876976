package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.T0;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EvidenceStore} must do. Subclasses return a new, empty store that reads the
 * given clock for {@code storedAt}.
 */
public abstract class EvidenceStoreContract {
    protected abstract EvidenceStore newStore(InstantSource clock);

    private final TestClock clock = new TestClock();
    private EvidenceStore store;

    @BeforeEach
    void setUpStore() {
        store = newStore(clock);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void put_returnsARefAddressedByTheSha256OfTheContent() throws Exception {
        byte[] content = bytes("{\"plan\":1}");

        EvidenceRef ref = store.put(TENANT_A, content, "application/json", "plan.json", Optional.of("a-1"));

        assertThat(ref).isEqualTo(new EvidenceRef(sha256(content), "application/json", "plan.json", content.length,
                Optional.of("a-1"), T0));
    }

    @Test
    void get_returnsTheStoredBytes() {
        byte[] content = bytes("hello evidence");
        EvidenceRef ref = store.put(TENANT_A, content, "text/plain", "note.txt", Optional.empty());

        assertThat(store.get(TENANT_A, ref.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }

    @Test
    void get_ofAnUnknownHash_isEmpty() throws Exception {
        assertThat(store.get(TENANT_A, sha256(bytes("never stored")))).isEmpty();
    }

    @Test
    void put_keepsItsOwnCopyOfTheBytes() {
        byte[] content = bytes("original");
        EvidenceRef ref = store.put(TENANT_A, content, "text/plain", "x", Optional.empty());

        content[0] = 'X';

        assertThat(store.get(TENANT_A, ref.sha256())).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("original"));
    }

    @Test
    void put_isIdempotentForTheSameBytes() {
        byte[] content = bytes("same");
        EvidenceRef first = store.put(TENANT_A, content, "text/plain", "a.txt", Optional.of("a-1"));
        clock.advance(Duration.ofMinutes(5));

        EvidenceRef second = store.put(TENANT_A, content.clone(), "text/plain", "a.txt", Optional.of("a-1"));

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(store.list(TENANT_A, Optional.empty())).hasSize(1);
        assertThat(store.get(TENANT_A, first.sha256())).hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }

    @Test
    void blobs_areReadableByTheirTenantOnly() {
        EvidenceRef ref = store.put(TENANT_A, bytes("secret"), "text/plain", "s", Optional.of("a-1"));

        assertThat(store.get(TENANT_B, ref.sha256())).isEmpty();
        assertThat(store.list(TENANT_B, Optional.empty())).isEmpty();
        assertThat(store.list(TENANT_B, Optional.of("a-1"))).isEmpty();
    }

    @Test
    void list_isInStoringOrderAndFiltersByAction() {
        EvidenceRef one = store.put(TENANT_A, bytes("1"), "text/plain", "one", Optional.of("a-1"));
        clock.advance(Duration.ofSeconds(1));
        EvidenceRef two = store.put(TENANT_A, bytes("2"), "text/plain", "two", Optional.of("a-2"));
        clock.advance(Duration.ofSeconds(1));
        EvidenceRef three = store.put(TENANT_A, bytes("3"), "text/plain", "three", Optional.empty());
        clock.advance(Duration.ofSeconds(1));
        EvidenceRef four = store.put(TENANT_A, bytes("4"), "text/plain", "four", Optional.of("a-1"));

        assertThat(store.list(TENANT_A, Optional.empty())).containsExactly(one, two, three, four);
        assertThat(store.list(TENANT_A, Optional.of("a-1"))).containsExactly(one, four);
        assertThat(store.list(TENANT_A, Optional.of("none"))).isEmpty();
    }
}
