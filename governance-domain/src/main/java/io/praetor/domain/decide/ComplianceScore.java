package io.praetor.domain.decide;

import io.praetor.ports.finding.PairCounts;
import java.util.Collection;

/**
 * API.md's compliance score: 100 × passing / (passing + open) over evaluated pairs, exempted and
 * errored pairs excluded, 100 when there are none, rounded to one decimal.
 */
public final class ComplianceScore {
    private ComplianceScore() {}

    public static double of(Collection<PairCounts> counts) {
        long passing = 0;
        long open = 0;
        for (PairCounts c : counts) {
            passing += c.passing();
            open += c.violating();
        }
        return of(passing, open);
    }

    public static double of(long passing, long open) {
        if (passing + open <= 0) return 100.0;
        return Math.round(1000.0 * passing / (passing + open)) / 10.0;
    }
}
