package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.Cache;
import io.praetor.testkit.CacheContract;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class InMemoryCacheTest extends CacheContract {
    @Override
    protected Cache newCache(InstantSource clock) {
        return new InMemoryCache(clock);
    }

    @Test
    void expiredEntriesNeverAskedAgain_areSwept_evenWhenPutsAreFew() {
        SettableClock clock = SettableClock.atEpochOf2026();
        InMemoryCache cache = new InMemoryCache(clock);
        // as the metrics cache does: a new key per input revision, each asked a few times and then never again
        for (int revision = 0; revision < 1_000; revision++) {
            cache.put("metrics/acme/" + revision, new byte[2048], Duration.ofSeconds(30));
            clock.advance(Duration.ofMillis(500));
        }
        // 500 s of puts, far fewer than a sweep's count: what is held is the last 30 s, not all of it
        assertThat(cache.entries()).isLessThanOrEqualTo((int) ((30 + InMemoryCache.SWEEP_INTERVAL.toSeconds()) * 2 + 1));
    }
}
