package io.praetor.reliability;

/**
 * How big a run is: the CI form by default, the full form with {@code -Dpraetor.slow=true}
 * ({@code ./praetor test --slow}). Test classes tagged {@code slow} only run in the full form.
 */
final class Budget {
    private Budget() {}

    static boolean slow() {
        return Boolean.getBoolean("praetor.slow");
    }

    /** {@code ci} in the CI form, {@code full} in the slow form. */
    static int of(int ci, int full) {
        return slow() ? full : ci;
    }

    /** The seed of every generator: fixed so a failure replays, overridable with -Dreliability.seed. */
    static long seed() {
        return Long.getLong("reliability.seed", 0x5EED_15L);
    }
}
