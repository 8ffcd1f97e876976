package io.praetor.ports.coordination;

import java.time.Duration;

/**
 * Idempotency keys and the responses they produced. {@link #claim} is atomic: of concurrent
 * claims of one new key exactly one gets {@code Claimed}. Records are kept {@code ttl} after
 * completion (clock port); an in-flight claim not completed within {@code ttl} is free again.
 * Thread-safe.
 */
public interface IdempotencyRecords {
    IdempotencyClaim claim(IdempotencyScope scope, String requestHash, Duration ttl);

    void complete(IdempotencyScope scope, String requestHash, StoredResponse response, Duration ttl);

    /** Forgets an in-flight claim (the work failed without an answer worth replaying). */
    void release(IdempotencyScope scope);
}
