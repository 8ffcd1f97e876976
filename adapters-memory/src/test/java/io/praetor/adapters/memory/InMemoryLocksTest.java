package io.praetor.adapters.memory;

import io.praetor.ports.coordination.Locks;
import io.praetor.testkit.LocksContract;
import java.time.InstantSource;

class InMemoryLocksTest extends LocksContract {
    @Override
    protected Locks newLocks(InstantSource clock) {
        return new InMemoryLocks(clock);
    }
}
