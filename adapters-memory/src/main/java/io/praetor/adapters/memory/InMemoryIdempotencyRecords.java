package io.praetor.adapters.memory;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.StoredResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idempotency records in a concurrent map; {@link #claim} decides inside one atomic compute. Expired
 * records are swept every few thousand claims so the map does not grow without bound.
 */
final class InMemoryIdempotencyRecords implements IdempotencyRecords {
    private static final int SWEEP_EVERY = 4096;

    private final InstantSource clock;
    private final ConcurrentMap<IdempotencyScope, Record> records = new ConcurrentHashMap<>();
    private final AtomicInteger claimsSinceSweep = new AtomicInteger();

    /** In flight while {@code response} is empty. */
    private record Record(String requestHash, Optional<StoredResponse> response, Instant expiresAt) {}

    InMemoryIdempotencyRecords(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public IdempotencyClaim claim(IdempotencyScope scope, String requestHash, Duration ttl) {
        Instant now = clock.instant();
        sweepNowAndThen(now);
        IdempotencyClaim[] outcome = new IdempotencyClaim[1];
        records.compute(scope, (k, r) -> {
            if (r == null || !now.isBefore(r.expiresAt)) {
                outcome[0] = new IdempotencyClaim.Claimed();
                return new Record(requestHash, Optional.empty(), now.plus(ttl));
            }
            if (!r.requestHash.equals(requestHash)) {
                outcome[0] = new IdempotencyClaim.Mismatch();
            } else if (r.response.isPresent()) {
                outcome[0] = new IdempotencyClaim.Replay(r.response.get());
            } else {
                outcome[0] = new IdempotencyClaim.InFlight();
            }
            return r;
        });
        return outcome[0];
    }

    @Override
    public void complete(IdempotencyScope scope, String requestHash, StoredResponse response, Duration ttl) {
        records.put(scope, new Record(requestHash, Optional.of(response), clock.instant().plus(ttl)));
    }

    @Override
    public void release(IdempotencyScope scope) {
        records.computeIfPresent(scope, (k, r) -> r.response.isPresent() ? r : null);
    }

    private void sweepNowAndThen(Instant now) {
        if (claimsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            claimsSinceSweep.set(0);
            records.values().removeIf(r -> !now.isBefore(r.expiresAt));
        }
    }
}
