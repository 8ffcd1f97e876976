package io.praetor.ports.coordination;

/** What {@link IdempotencyRecords#claim} found. */
public sealed interface IdempotencyClaim {
    /** The key was new (or expired): the caller does the work, then completes or releases it. */
    record Claimed() implements IdempotencyClaim {}

    /** The same request finished before: replay its response. */
    record Replay(StoredResponse response) implements IdempotencyClaim {}

    /** The same key is being processed right now. */
    record InFlight() implements IdempotencyClaim {}

    /** The key was used with a different request body. */
    record Mismatch() implements IdempotencyClaim {}
}
