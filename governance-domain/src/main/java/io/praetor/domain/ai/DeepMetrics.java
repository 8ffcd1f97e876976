package io.praetor.domain.ai;

import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.Principal;
import io.praetor.ports.ai.AiMessage;
import io.praetor.ports.ai.AiRequest;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.MetricsUseCases;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /metrics?deep=true}: the metrics, plus a short narrative from the model asked within
 * the inline budget ({@code PRAETOR_AI_INLINE_BUDGET_MS}); {@code sources.ai} says {@code ok}, or
 * {@code fallback} when the model was slow, down, shed or unusable (the metrics answer anyway),
 * or {@code disabled} without a model. Without {@code deep} no model is asked.
 */
public final class DeepMetrics implements MetricsUseCases {
    private static final String SCHEMA = """
            {"type":"object","properties":{"narrative":{"type":"string"}},"required":["narrative"],"additionalProperties":false}""";

    private final MetricsUseCases metrics;
    private final ModelGuard model;

    public DeepMetrics(MetricsUseCases metrics, ModelGuard model) {
        this.metrics = metrics;
        this.model = model;
    }

    @Override
    public GovernanceMetrics metrics(Principal principal, Duration window, boolean deep) {
        GovernanceMetrics m = metrics.metrics(principal, window, deep);
        if (!deep || !model.enabled()) return m;
        if (!model.available()) return withAnalysis(m, Optional.empty());
        Map<String, Object> brief = new LinkedHashMap<>();
        brief.put("compliance_score", m.complianceScore());
        brief.put("resources_total", m.resourcesTotal());
        brief.put("findings_open", m.findingsOpen());
        brief.put("findings_by_severity", m.findingsBySeverity());
        brief.put("top_policies", m.topPolicies().stream().map(p -> Map.of("policy_id", p.policyId(), "open", p.open())).toList());
        brief.put("top_resource_types", m.topResourceTypes().stream().map(t -> Map.of("type", t.type(), "open", t.open())).toList());
        brief.put("trend", m.trend().stream().skip(Math.max(0, m.trend().size() - 14))
                .map(t -> Map.of("date", t.date().toString(), "compliance_score", t.complianceScore(), "findings_open", t.findingsOpen())).toList());
        AiRequest request = new AiRequest(List.of(
                AiMessage.system("You are a cloud-governance analyst. In at most 80 words, say what matters most in these "
                        + "metrics and what to do first. Answer JSON {\"narrative\": \"...\"}."),
                AiMessage.user(JsonTreeWriter.toJson(brief))), Optional.of(SCHEMA), List.of(), model.settings().inlineBudget());
        var answer = model.completeInline(request, reply -> ModelJson.string(ModelJson.object(reply.content()), "narrative")
                .orElseThrow(() -> new ModelGuard.Garbage("no narrative")));
        return withAnalysis(m, answer.value().map(n -> n.length() > 1000 ? n.substring(0, 1000) : n));
    }

    /** {@code sources.ai} is ok with a narrative, fallback without one. */
    private static GovernanceMetrics withAnalysis(GovernanceMetrics m, Optional<String> narrative) {
        return new GovernanceMetrics(m.tenant(), m.generatedAt(), m.complianceScore(), m.resourcesTotal(), m.policiesTotal(),
                m.findingsOpen(), m.findingsBySeverity(), m.findingsByFramework(), m.topPolicies(), m.topResourceTypes(), m.trend(),
                m.mttrHours(), m.actions(), m.forecast(), narrative.or(m::analysis),
                new GovernanceMetrics.Sources(narrative.isPresent() ? "ok" : "fallback", m.sources().cache()));
    }
}
