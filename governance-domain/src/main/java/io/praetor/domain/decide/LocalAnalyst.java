package io.praetor.domain.decide;

import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.PairCounts;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.metrics.DailySnapshot;
import io.praetor.ports.metrics.GovernanceMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The analyst that answers when no AI service does: a Holt linear-smoothing forecast of the
 * compliance score with a prediction band, a ranking of open findings by risk, and the pairs most
 * likely to open a finding next, from recent opening rates. Every answer is a deterministic
 * function of its inputs. Immutable and thread-safe.
 */
public final class LocalAnalyst {
    public static final int MIN_POINTS = 3;
    private static final double Z95 = 1.96;

    private final double alpha;
    private final double beta;

    /** Smoothing of level 0.5 and trend 0.3: reacts within a few days, damps day-to-day noise. */
    public LocalAnalyst() {
        this(0.5, 0.3);
    }

    public LocalAnalyst(double alpha, double beta) {
        if (!(alpha > 0 && alpha <= 1 && beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("alpha and beta must be in (0, 1]");
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * Forecasts the compliance score for {@code horizonDays} days after the last point. With fewer
     * than {@value #MIN_POINTS} points there are no points and {@code reason} says why.
     */
    public GovernanceMetrics.Forecast forecast(List<DailySnapshot> daily, int horizonDays) {
        List<DailySnapshot> points = daily.stream().sorted(Comparator.comparing(DailySnapshot::date)).toList();
        if (points.size() < MIN_POINTS) {
            return new GovernanceMetrics.Forecast(horizonDays, List.of(), "local", Optional.of(
                    "a forecast needs at least " + MIN_POINTS + " daily points; there " + (points.size() == 1 ? "is " : "are ")
                            + points.size()));
        }
        double level = points.get(0).complianceScore();
        double trend = points.get(1).complianceScore() - points.get(0).complianceScore();
        double squared = 0;
        int residuals = 0;
        for (int t = 1; t < points.size(); t++) {
            double y = points.get(t).complianceScore();
            double predicted = level + trend;
            squared += (y - predicted) * (y - predicted);
            residuals++;
            double newLevel = alpha * y + (1 - alpha) * (level + trend);
            trend = beta * (newLevel - level) + (1 - beta) * trend;
            level = newLevel;
        }
        double sigma = Math.sqrt(squared / residuals);
        LocalDate last = points.get(points.size() - 1).date();
        List<GovernanceMetrics.ForecastPoint> out = new ArrayList<>();
        double varianceFactor = 1;
        for (int h = 1; h <= horizonDays; h++) {
            if (h > 1) {
                double c = alpha * (1 + (h - 1) * beta);
                varianceFactor += c * c;
            }
            double mean = level + h * trend;
            double half = Z95 * sigma * Math.sqrt(varianceFactor);
            out.add(new GovernanceMetrics.ForecastPoint(last.plusDays(h), round1(clamp(mean)), round1(clamp(mean - half)),
                    round1(clamp(mean + half))));
        }
        return new GovernanceMetrics.Forecast(horizonDays, out, "local", Optional.empty());
    }

    /** One open finding's place in the risk ranking. */
    public record RankedRisk(String findingId, String resourceId, String policyId, double score, String reason) {
        public RankedRisk {
            Objects.requireNonNull(findingId);
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(reason);
        }
    }

    /**
     * Ranks open findings by risk score, raised by up to half for findings open 30 days or more
     * (an old exposure is more likely found by someone else); ties by severity, age, then id.
     */
    public List<RankedRisk> rankRisks(Collection<Finding> open, Instant now, int limit) {
        record Scored(Finding f, double score, long days) {}
        List<Scored> scored = new ArrayList<>();
        for (Finding f : open) {
            long days = Math.max(0, Duration.between(f.firstSeen(), now).toDays());
            double score = round1(f.riskScore() * (1 + 0.5 * Math.min(days, 30) / 30.0));
            scored.add(new Scored(f, score, days));
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score())
                .thenComparing(s -> s.f().severity())
                .thenComparing(s -> s.f().firstSeen())
                .thenComparing(s -> s.f().id()));
        return scored.stream().limit(limit).map(s -> new RankedRisk(s.f().id(), s.f().resourceId(), s.f().policyId(),
                s.score(), s.f().severity().wireName() + " severity, risk " + s.f().riskScore() + ", open "
                        + s.days() + (s.days() == 1 ? " day" : " days"))).toList();
    }

    /** A (resource, policy) pair that passes now and may open a finding soon. */
    public record AtRisk(String resourceId, String policyId, double probability, String reason) {
        public AtRisk {
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(reason);
        }
    }

    /** A passing pair to consider: the resource and the policies it currently passes. */
    public record Candidate(Resource resource, List<String> passingPolicies) {
        public Candidate {
            Objects.requireNonNull(resource);
            passingPolicies = List.copyOf(passingPolicies);
        }
    }

    /**
     * The pairs likeliest to open a finding within {@code horizon}: each policy's recent opening
     * rate per evaluated pair per day (findings first seen within {@code window}), scaled up for
     * resources that change often (their version count) or changed within the window, as
     * {@code p = 1 − e^(−rate × change × days)}.
     */
    public List<AtRisk> likelyToOpenNext(Collection<Finding> findings, Map<String, PairCounts> counts,
                                         Collection<Candidate> candidates, Instant now, Duration window,
                                         Duration horizon, int limit) {
        double windowDays = Math.max(1, window.toDays());
        Instant from = now.minus(window);
        Map<String, Long> opened = new HashMap<>();
        for (Finding f : findings) {
            if (!f.firstSeen().isBefore(from) && !f.firstSeen().isAfter(now)) opened.merge(f.policyId(), 1L, Long::sum);
        }
        List<AtRisk> out = new ArrayList<>();
        for (Candidate c : candidates) {
            Resource r = c.resource();
            double change = 1 + Math.min(Math.max(r.version() - 1, 0), 10) / 10.0;
            boolean recent = !r.observedAt().isBefore(from);
            if (recent) change *= 1.5;
            for (String policyId : c.passingPolicies()) {
                long n = opened.getOrDefault(policyId, 0L);
                if (n == 0) continue;
                PairCounts pc = counts.getOrDefault(policyId, PairCounts.ZERO);
                long pairs = Math.max(1, pc.evaluated());
                double rate = n / (double) pairs / windowDays;
                double p = 1 - Math.exp(-rate * change * Math.max(1, horizon.toDays()));
                double rounded = Math.round(p * 1000) / 1000.0;
                if (rounded <= 0) continue;
                out.add(new AtRisk(r.id(), policyId, rounded, "policy opened " + n + " of " + pairs + " pairs in the last "
                        + (long) windowDays + " days; resource at version " + r.version() + (recent ? ", changed recently" : "")));
            }
        }
        out.sort(Comparator.comparingDouble((AtRisk a) -> -a.probability())
                .thenComparing(AtRisk::resourceId).thenComparing(AtRisk::policyId));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
