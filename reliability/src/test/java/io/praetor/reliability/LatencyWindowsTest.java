package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowsTest {
    private static final long SECOND = 1_000_000_000L;

    /** 100 requests of {@code kind} per window, taking {@code ms} each, in windows {@code from} to {@code to}. */
    private static void load(LatencyWindows w, int from, int to, long ms) {
        for (int window = from; window <= to; window++) {
            for (int i = 0; i < 100; i++) w.record("read", window * 10 * SECOND + i * 1_000_000L, ms * 1000);
        }
    }

    @Test
    void aSlowDownThatPersists_isUnstable() {
        LatencyWindows w = new LatencyWindows(0, 10 * SECOND);
        load(w, 0, 3, 20);
        load(w, 4, 5, 200);
        w.finish();
        assertThat(w.unstable(3.0, 50)).containsOnlyKeys("read");
    }

    @Test
    void aSpikeInTheLastWindowOnly_isTolerated_asAreSlowerMiddleWindows() {
        LatencyWindows w = new LatencyWindows(0, 10 * SECOND);
        load(w, 0, 0, 20);
        load(w, 1, 2, 500);
        load(w, 3, 4, 25);
        load(w, 5, 5, 400);
        w.finish();
        assertThat(w.unstable(3.0, 50)).isEmpty();
        assertThat(w.percentiles()).containsKey("read");
    }

    @Test
    void aKindNotSeenInTheFirstWindow_cannotBeCompared() {
        LatencyWindows w = new LatencyWindows(0, 10 * SECOND);
        load(w, 0, 2, 20);
        w.record("action", 25 * SECOND, 1000);
        w.finish();
        assertThat(w.unstable(3.0, 50)).containsOnlyKeys("action");
    }
}
