package io.praetor.adapters.postgres;

import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.testkit.IdempotencyRecordsContract;
import java.time.InstantSource;

class PostgresIdempotencyRecordsTest extends IdempotencyRecordsContract {
    @Override
    protected IdempotencyRecords newRecords(InstantSource clock) {
        return new PostgresIdempotencyRecords(TestDatabase.fresh().transactions(), clock);
    }
}
