package io.praetor.ports.finding;

/**
 * Outcomes of the evaluated (policy, resource) pairs of one policy. The compliance score is
 * {@code 100 × passing / (passing + violating)}; exempted and errored pairs are excluded.
 * Also used as a delta, so fields may be negative there.
 */
public record PairCounts(long passing, long violating, long exempted, long errored) {
    public static final PairCounts ZERO = new PairCounts(0, 0, 0, 0);

    public PairCounts plus(PairCounts d) {
        return new PairCounts(passing + d.passing, violating + d.violating, exempted + d.exempted, errored + d.errored);
    }

    public PairCounts minus(PairCounts d) {
        return new PairCounts(passing - d.passing, violating - d.violating, exempted - d.exempted, errored - d.errored);
    }

    public long evaluated() {
        return passing + violating + exempted;
    }
}
