package io.praetor.adapters.memory;

import io.praetor.ports.coordination.Cache;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A byte cache with per-entry expiry read from the clock; expired entries are swept now and then. */
final class InMemoryCache implements Cache {
    private static final int SWEEP_EVERY = 4096;

    private final InstantSource clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger putsSinceSweep = new AtomicInteger();

    private record Entry(byte[] value, Instant expiresAt) {}

    InMemoryCache(InstantSource clock) {
        this.clock = clock;
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
        if (putsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
            putsSinceSweep.set(0);
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt));
        }
    }

    @Override
    public void invalidate(String key) {
        entries.remove(key);
    }
}
