package io.praetor.adapters.memory;

import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.testkit.IdempotencyRecordsContract;
import java.time.InstantSource;

class InMemoryIdempotencyRecordsTest extends IdempotencyRecordsContract {
    @Override
    protected IdempotencyRecords newRecords(InstantSource clock) {
        return new InMemoryIdempotencyRecords(clock);
    }
}
