package io.praetor.adapters.memory;

import io.praetor.ports.coordination.Cache;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte cache with per-entry expiry read from the clock; expired entries are swept every
 * {@value #SWEEP_EVERY} puts or, when puts are fewer, on the first put {@link #SWEEP_INTERVAL} after
 * the last sweep. Keys that are never asked again (the metrics cache's key names an input revision,
 * and every write makes a new one) would otherwise stay for thousands of puts after they expired:
 * minutes of a quiet server's metrics answers.
 */
final class InMemoryCache implements Cache {
    static final int SWEEP_EVERY = 4096;
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

    private final InstantSource clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger putsSinceSweep = new AtomicInteger();
    private volatile Instant nextSweep;

    private record Entry(byte[] value, Instant expiresAt) {}

    InMemoryCache(InstantSource clock) {
        this.clock = clock;
        this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
    }

    @Override
    public Optional<byte[]> get(String key) {
        Entry e = entries.get(key);
        if (e == null) return Optional.empty();
        if (!clock.instant().isBefore(e.expiresAt)) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.value.clone());
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Instant now = clock.instant();
        entries.put(key, new Entry(value.clone(), now.plus(ttl)));
        if (putsSinceSweep.incrementAndGet() >= SWEEP_EVERY || !now.isBefore(nextSweep)) {
            putsSinceSweep.set(0);
            nextSweep = now.plus(SWEEP_INTERVAL);
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt));
        }
    }

    /** Entries held, expired or not (for tests of the sweep). */
    int entries() {
        return entries.size();
    }

    @Override
    public void invalidate(String key) {
        entries.remove(key);
    }
}
