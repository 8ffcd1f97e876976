package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettableClockTest {
    @Test
    void theClockMovesOnlyWhenToldTo() {
        SettableClock clock = SettableClock.atEpochOf2026();
        Instant start = clock.instant();

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z")).isEqualTo(start);
        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(start.plusSeconds(300));
        clock.set(Instant.parse("2030-06-01T12:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    }
}
