package io.praetor.adapters.memory;

import io.praetor.ports.coordination.Cache;
import io.praetor.testkit.CacheContract;
import java.time.InstantSource;

class InMemoryCacheTest extends CacheContract {
    @Override
    protected Cache newCache(InstantSource clock) {
        return new InMemoryCache(clock);
    }
}
