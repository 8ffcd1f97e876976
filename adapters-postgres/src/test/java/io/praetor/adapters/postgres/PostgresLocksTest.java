package io.praetor.adapters.postgres;

import io.praetor.ports.coordination.Locks;
import io.praetor.testkit.LocksContract;
import java.time.InstantSource;

class PostgresLocksTest extends LocksContract {
    @Override
    protected Locks newLocks(InstantSource clock) {
        return new PostgresLocks(TestDatabase.fresh().transactions(), clock);
    }
}
