package io.praetor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.Cache;
import io.praetor.testkit.fixtures.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Cache} must do. Subclasses return a new, empty cache that reads the given clock. */
public abstract class CacheContract {
    protected abstract Cache newCache(InstantSource clock);

    private final TestClock clock = new TestClock();
    private Cache cache;

    @BeforeEach
    void setUpCache() {
        cache = newCache(clock);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void put_thenGet_returnsTheValue() {
        cache.put("tenant-a:metrics", bytes("v1"), Duration.ofMinutes(5));

        assertThat(cache.get("tenant-a:metrics")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
        assertThat(cache.get("tenant-b:metrics")).isEmpty();
    }

    @Test
    void put_replacesTheValue() {
        cache.put("k", bytes("v1"), Duration.ofMinutes(5));
        cache.put("k", bytes("v2"), Duration.ofMinutes(5));

        assertThat(cache.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v2")));
    }

    @Test
    void entries_expireAfterTheirTtl() {
        cache.put("k", bytes("v"), Duration.ofMinutes(5));

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(cache.get("k")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void invalidate_removesTheEntry() {
        cache.put("k", bytes("v"), Duration.ofMinutes(5));

        cache.invalidate("k");

        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void storedValues_areNotChangedThroughTheCallersArrays() {
        byte[] value = bytes("abc");
        cache.put("k", value, Duration.ofMinutes(5));
        value[0] = 'X';
        cache.get("k").orElseThrow()[1] = 'Y';

        assertThat(cache.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("abc")));
    }
}
