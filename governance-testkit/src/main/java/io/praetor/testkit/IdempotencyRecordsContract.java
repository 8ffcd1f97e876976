package io.praetor.testkit;

import static io.praetor.testkit.fixtures.Fixtures.TENANT_A;
import static io.praetor.testkit.fixtures.Fixtures.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.StoredResponse;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyRecords} must do. Subclasses return new, empty records reading the clock. */
public abstract class IdempotencyRecordsContract {
    protected abstract IdempotencyRecords newRecords(InstantSource clock);

    private static final Duration TTL = Duration.ofHours(24);
    private static final IdempotencyScope SCOPE = new IdempotencyScope(TENANT_A, "alice", "key-1");
    private static final StoredResponse RESPONSE = new StoredResponse(201, "application/json",
            Map.of("Location", "/api/v1/actions/a-1"), "{\"id\":\"a-1\"}".getBytes(StandardCharsets.UTF_8));

    private final TestClock clock = new TestClock();
    private IdempotencyRecords records;

    @BeforeEach
    void setUpRecords() {
        records = newRecords(clock);
    }

    @Test
    void claim_ofANewKey_isClaimed() {
        assertThat(records.claim(SCOPE, "hash-1", TTL)).isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void claim_whileTheFirstIsInFlight_isInFlight() {
        records.claim(SCOPE, "hash-1", TTL);

        assertThat(records.claim(SCOPE, "hash-1", TTL)).isInstanceOf(IdempotencyClaim.InFlight.class);
    }

    @Test
    void claim_afterComplete_replaysTheStoredResponse() {
        records.claim(SCOPE, "hash-1", TTL);
        records.complete(SCOPE, "hash-1", RESPONSE, TTL);

        assertThat(records.claim(SCOPE, "hash-1", TTL)).isEqualTo(new IdempotencyClaim.Replay(RESPONSE));
    }

    @Test
    void claim_withAnotherRequestBody_isMismatch() {
        records.claim(SCOPE, "hash-1", TTL);
        assertThat(records.claim(SCOPE, "hash-2", TTL)).isInstanceOf(IdempotencyClaim.Mismatch.class);

        records.complete(SCOPE, "hash-1", RESPONSE, TTL);
        assertThat(records.claim(SCOPE, "hash-2", TTL)).isInstanceOf(IdempotencyClaim.Mismatch.class);
    }

    @Test
    void release_forgetsAnInFlightClaim() {
        records.claim(SCOPE, "hash-1", TTL);

        records.release(SCOPE);

        assertThat(records.claim(SCOPE, "hash-2", TTL)).isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void completedRecords_expireAfterTheirTtl() {
        records.claim(SCOPE, "hash-1", TTL);
        clock.advance(Duration.ofHours(1));
        records.complete(SCOPE, "hash-1", RESPONSE, TTL);

        clock.advance(TTL.minusSeconds(1));
        assertThat(records.claim(SCOPE, "hash-1", TTL)).isInstanceOf(IdempotencyClaim.Replay.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(records.claim(SCOPE, "hash-1", TTL)).isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void anInFlightClaimNotCompletedWithinTtl_isFreeAgain() {
        Duration ttl = Duration.ofMinutes(5);
        records.claim(SCOPE, "hash-1", ttl);

        clock.advance(ttl.minusSeconds(1));
        assertThat(records.claim(SCOPE, "hash-1", ttl)).isInstanceOf(IdempotencyClaim.InFlight.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(records.claim(SCOPE, "hash-2", ttl)).isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void keys_areScopedToTenantAndPrincipal() {
        records.claim(SCOPE, "hash-1", TTL);

        assertThat(records.claim(new IdempotencyScope(TENANT_B, "alice", "key-1"), "hash-1", TTL))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(records.claim(new IdempotencyScope(TENANT_A, "bob", "key-1"), "hash-1", TTL))
                .isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @Test
    void concurrentClaims_ofOneNewKey_giveExactlyOneClaimed() {
        List<IdempotencyClaim> claims = Race.run(16, i -> () -> records.claim(SCOPE, "hash-1", TTL));

        assertThat(claims).filteredOn(c -> c instanceof IdempotencyClaim.Claimed).hasSize(1);
        assertThat(claims).filteredOn(c -> c instanceof IdempotencyClaim.InFlight).hasSize(15);
    }
}
