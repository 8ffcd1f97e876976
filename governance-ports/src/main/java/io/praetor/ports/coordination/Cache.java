package io.praetor.ports.coordination;

import java.time.Duration;
import java.util.Optional;

/**
 * A best-effort byte cache. Callers namespace keys (tenant first). A cache that is down behaves as
 * empty: {@link #get} returns empty and {@link #put} does nothing rather than throwing. Thread-safe.
 */
public interface Cache {
    Optional<byte[]> get(String key);

    void put(String key, byte[] value, Duration ttl);

    void invalidate(String key);
}
