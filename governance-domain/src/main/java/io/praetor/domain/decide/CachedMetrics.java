package io.praetor.domain.decide;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.Cache;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.MetricsUseCases;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code GET /metrics} (not {@code deep}) through the {@link Cache} port, shared by every instance
 * that shares the cache.
 *
 * <p>Invalidation is driven by the tenant's event log, not only by time: each entry carries the
 * tenant's last event seq when it was computed, and a read that finds a newer seq (a finding,
 * action, resource or policy event since) recomputes. So an instance sees another's changes as
 * soon as they are stored, with no message to miss. {@code maxAge} bounds what no event marks
 * (the day turning, the window sliding).
 *
 * <p>Stampede protection: concurrent misses of one key on this instance share one recomputation
 * (single flight); across instances at most one per instance runs. A cache that is down reads as
 * a miss (the port's contract), so metrics are computed, never failed, without it.
 */
public final class CachedMetrics implements MetricsUseCases {
    private final MetricsUseCases computed;
    private final Cache cache;
    private final TenantEventStore events;
    private final Duration maxAge;
    private final java.time.InstantSource clock;
    private final ConcurrentMap<String, CompletableFuture<GovernanceMetrics>> inFlight = new ConcurrentHashMap<>();

    public CachedMetrics(MetricsUseCases computed, Cache cache, TenantEventStore events, java.time.InstantSource clock,
                         Duration maxAge) {
        this.computed = computed;
        this.cache = cache;
        this.events = events;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public GovernanceMetrics metrics(Principal principal, Duration window, boolean deep) {
        FindingService.require(principal, Role.VIEWER);
        if (deep) return computed.metrics(principal, window, true);
        TenantId tenant = principal.tenant();
        String key = "metrics:" + tenant.value() + ":" + window.toSeconds();
        long seq = events.lastSeq(tenant);
        Optional<GovernanceMetrics> hit = cache.get(key).flatMap(bytes -> fresh(bytes, seq));
        if (hit.isPresent()) return withCache(hit.get(), "hit");
        CompletableFuture<GovernanceMetrics> mine = new CompletableFuture<>();
        CompletableFuture<GovernanceMetrics> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return withCache(running.get(), "miss");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for metrics", e);
            } catch (ExecutionException e) {
                // the shared computation failed: compute on our own and report our own error
                return withCache(computed.metrics(principal, window, false), "miss");
            }
        }
        try {
            GovernanceMetrics m = computed.metrics(principal, window, false);
            cache.put(key, encode(seq, m), maxAge);
            mine.complete(m);
            return withCache(m, "miss");
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Optional<GovernanceMetrics> fresh(byte[] bytes, long seq) {
        try {
            Map<String, Object> entry = JsonTreeReader.readObject(bytes);
            if (((Number) entry.get("seq")).longValue() != seq) return Optional.empty();
            GovernanceMetrics m = decode(entry);
            if (m.generatedAt().plus(maxAge).isBefore(clock.instant())) return Optional.empty();
            return Optional.of(m);
        } catch (RuntimeException e) {
            return Optional.empty(); // an entry this version cannot read is a miss
        }
    }

    private static GovernanceMetrics withCache(GovernanceMetrics m, String cache) {
        return new GovernanceMetrics(m.tenant(), m.generatedAt(), m.complianceScore(), m.resourcesTotal(),
                m.policiesTotal(), m.findingsOpen(), m.findingsBySeverity(), m.findingsByFramework(), m.topPolicies(),
                m.topResourceTypes(), m.trend(), m.mttrHours(), m.actions(), m.forecast(), m.analysis(),
                new GovernanceMetrics.Sources(m.sources().ai(), cache));
    }

    static byte[] encode(long seq, GovernanceMetrics m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", seq);
        e.put("tenant", m.tenant().value());
        e.put("generated_at", m.generatedAt().toString());
        e.put("compliance_score", m.complianceScore());
        e.put("resources_total", m.resourcesTotal());
        e.put("policies_total", m.policiesTotal());
        e.put("findings_open", m.findingsOpen());
        e.put("by_severity", m.findingsBySeverity());
        Map<String, Object> fw = new LinkedHashMap<>();
        m.findingsByFramework().forEach((k, v) -> fw.put(k, List.of(v.open(), v.controlsFailing())));
        e.put("by_framework", fw);
        e.put("top_policies", m.topPolicies().stream().map(p -> List.of(p.policyId(), p.open())).toList());
        e.put("top_types", m.topResourceTypes().stream().map(t -> List.of(t.type(), t.open())).toList());
        e.put("trend", m.trend().stream().map(t -> List.of(t.date().toString(), t.complianceScore(), t.findingsOpen())).toList());
        m.mttrHours().ifPresent(h -> e.put("mttr_hours", h));
        e.put("actions", List.of(m.actions().awaitingApproval(), m.actions().inProgress(), m.actions().completed(),
                m.actions().failed()));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("horizon_days", (long) m.forecast().horizonDays());
        f.put("points", m.forecast().points().stream()
                .map(p -> List.of(p.date().toString(), p.complianceScore(), p.low(), p.high())).toList());
        f.put("source", m.forecast().source());
        m.forecast().reason().ifPresent(r -> f.put("reason", r));
        e.put("forecast", f);
        m.analysis().ifPresent(a -> e.put("analysis", a));
        e.put("ai", m.sources().ai());
        return JsonTreeWriter.toBytes(e);
    }

    @SuppressWarnings("unchecked")
    static GovernanceMetrics decode(Map<String, Object> e) {
        Map<String, Long> severity = new LinkedHashMap<>();
        ((Map<String, Object>) e.get("by_severity")).forEach((k, v) -> severity.put(k, num(v)));
        Map<String, GovernanceMetrics.FrameworkCount> fw = new LinkedHashMap<>();
        ((Map<String, Object>) e.get("by_framework")).forEach((k, v) -> {
            List<Object> pair = (List<Object>) v;
            fw.put(k, new GovernanceMetrics.FrameworkCount(num(pair.get(0)), num(pair.get(1))));
        });
        List<GovernanceMetrics.PolicyCount> policies = new ArrayList<>();
        for (Object o : (List<Object>) e.get("top_policies")) {
            List<Object> p = (List<Object>) o;
            policies.add(new GovernanceMetrics.PolicyCount((String) p.get(0), num(p.get(1))));
        }
        List<GovernanceMetrics.TypeCount> types = new ArrayList<>();
        for (Object o : (List<Object>) e.get("top_types")) {
            List<Object> t = (List<Object>) o;
            types.add(new GovernanceMetrics.TypeCount((String) t.get(0), num(t.get(1))));
        }
        List<GovernanceMetrics.TrendPoint> trend = new ArrayList<>();
        for (Object o : (List<Object>) e.get("trend")) {
            List<Object> t = (List<Object>) o;
            trend.add(new GovernanceMetrics.TrendPoint(LocalDate.parse((String) t.get(0)), dbl(t.get(1)), num(t.get(2))));
        }
        List<Object> a = (List<Object>) e.get("actions");
        Map<String, Object> f = (Map<String, Object>) e.get("forecast");
        List<GovernanceMetrics.ForecastPoint> points = new ArrayList<>();
        for (Object o : (List<Object>) f.get("points")) {
            List<Object> p = (List<Object>) o;
            points.add(new GovernanceMetrics.ForecastPoint(LocalDate.parse((String) p.get(0)), dbl(p.get(1)), dbl(p.get(2)),
                    dbl(p.get(3))));
        }
        return new GovernanceMetrics(TenantId.of((String) e.get("tenant")), Instant.parse((String) e.get("generated_at")),
                dbl(e.get("compliance_score")), num(e.get("resources_total")), num(e.get("policies_total")),
                num(e.get("findings_open")), severity, fw, policies, types, trend,
                Optional.ofNullable(e.get("mttr_hours")).map(CachedMetrics::dbl),
                new GovernanceMetrics.ActionCounts(num(a.get(0)), num(a.get(1)), num(a.get(2)), num(a.get(3))),
                new GovernanceMetrics.Forecast((int) num(f.get("horizon_days")), points, (String) f.get("source"),
                        Optional.ofNullable((String) f.get("reason"))),
                Optional.ofNullable((String) e.get("analysis")), new GovernanceMetrics.Sources((String) e.get("ai"), "hit"));
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    private static double dbl(Object o) {
        return ((Number) o).doubleValue();
    }
}
