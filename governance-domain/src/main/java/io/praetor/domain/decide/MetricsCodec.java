package io.praetor.domain.decide;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.TenantId;
import io.praetor.ports.metrics.GovernanceMetrics;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** GovernanceMetrics as JSON bytes for the {@code Cache} port, and back; round-trips every field. */
final class MetricsCodec {
    private MetricsCodec() {}

    static byte[] encode(GovernanceMetrics m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tenant", m.tenant().value());
        o.put("generated_at", m.generatedAt().toString());
        o.put("compliance_score", m.complianceScore());
        o.put("resources_total", m.resourcesTotal());
        o.put("policies_total", m.policiesTotal());
        o.put("findings_open", m.findingsOpen());
        o.put("by_severity", new LinkedHashMap<>(m.findingsBySeverity()));
        Map<String, Object> fw = new LinkedHashMap<>();
        m.findingsByFramework().forEach((k, v) -> fw.put(k, List.of(v.open(), v.controlsFailing())));
        o.put("by_framework", fw);
        o.put("top_policies", m.topPolicies().stream().map(p -> List.<Object>of(p.policyId(), p.open())).toList());
        o.put("top_types", m.topResourceTypes().stream().map(p -> List.<Object>of(p.type(), p.open())).toList());
        o.put("trend", m.trend().stream()
                .map(t -> List.<Object>of(t.date().toString(), t.complianceScore(), t.findingsOpen())).toList());
        m.mttrHours().ifPresent(h -> o.put("mttr_hours", h));
        GovernanceMetrics.ActionCounts a = m.actions();
        o.put("actions", List.of(a.awaitingApproval(), a.inProgress(), a.completed(), a.failed()));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("horizon_days", m.forecast().horizonDays());
        f.put("points", m.forecast().points().stream()
                .map(p -> List.<Object>of(p.date().toString(), p.complianceScore(), p.low(), p.high())).toList());
        f.put("source", m.forecast().source());
        m.forecast().reason().ifPresent(r -> f.put("reason", r));
        o.put("forecast", f);
        m.analysis().ifPresent(s -> o.put("analysis", s));
        o.put("sources", List.of(m.sources().ai(), m.sources().cache()));
        return JsonTreeWriter.toBytes(o);
    }

    @SuppressWarnings("unchecked")
    static GovernanceMetrics decode(byte[] bytes) {
        Map<String, Object> o = JsonTreeReader.readObject(bytes);
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        ((Map<String, Object>) o.get("by_severity")).forEach((k, v) -> bySeverity.put(k, n(v)));
        Map<String, GovernanceMetrics.FrameworkCount> byFramework = new LinkedHashMap<>();
        ((Map<String, Object>) o.get("by_framework")).forEach((k, v) -> {
            List<Object> l = (List<Object>) v;
            byFramework.put(k, new GovernanceMetrics.FrameworkCount(n(l.get(0)), n(l.get(1))));
        });
        List<GovernanceMetrics.PolicyCount> top = new ArrayList<>();
        for (Object e : (List<Object>) o.get("top_policies")) {
            List<Object> l = (List<Object>) e;
            top.add(new GovernanceMetrics.PolicyCount((String) l.get(0), n(l.get(1))));
        }
        List<GovernanceMetrics.TypeCount> types = new ArrayList<>();
        for (Object e : (List<Object>) o.get("top_types")) {
            List<Object> l = (List<Object>) e;
            types.add(new GovernanceMetrics.TypeCount((String) l.get(0), n(l.get(1))));
        }
        List<GovernanceMetrics.TrendPoint> trend = new ArrayList<>();
        for (Object e : (List<Object>) o.get("trend")) {
            List<Object> l = (List<Object>) e;
            trend.add(new GovernanceMetrics.TrendPoint(LocalDate.parse((String) l.get(0)), d(l.get(1)), n(l.get(2))));
        }
        List<Object> a = (List<Object>) o.get("actions");
        Map<String, Object> f = (Map<String, Object>) o.get("forecast");
        List<GovernanceMetrics.ForecastPoint> points = new ArrayList<>();
        for (Object e : (List<Object>) f.get("points")) {
            List<Object> l = (List<Object>) e;
            points.add(new GovernanceMetrics.ForecastPoint(LocalDate.parse((String) l.get(0)), d(l.get(1)), d(l.get(2)),
                    d(l.get(3))));
        }
        List<Object> s = (List<Object>) o.get("sources");
        return new GovernanceMetrics(TenantId.of((String) o.get("tenant")), Instant.parse((String) o.get("generated_at")),
                d(o.get("compliance_score")), n(o.get("resources_total")), n(o.get("policies_total")),
                n(o.get("findings_open")), bySeverity, byFramework, top, types, trend,
                Optional.ofNullable(o.get("mttr_hours")).map(MetricsCodec::d),
                new GovernanceMetrics.ActionCounts(n(a.get(0)), n(a.get(1)), n(a.get(2)), n(a.get(3))),
                new GovernanceMetrics.Forecast((int) n(f.get("horizon_days")), points, (String) f.get("source"),
                        Optional.ofNullable((String) f.get("reason"))),
                Optional.ofNullable((String) o.get("analysis")),
                new GovernanceMetrics.Sources((String) s.get(0), (String) s.get(1)));
    }

    private static long n(Object v) {
        return ((Number) v).longValue();
    }

    private static double d(Object v) {
        return ((Number) v).doubleValue();
    }
}
