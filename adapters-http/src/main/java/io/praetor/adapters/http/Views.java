package io.praetor.adapters.http;

import io.praetor.ports.Page;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionResult;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Elevation;
import io.praetor.ports.action.Plan;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.TreeHead;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.LedgerUseCases;
import io.praetor.ports.usecase.PolicyTestReport;
import io.praetor.ports.usecase.ResourceView;
import io.praetor.ports.usecase.ScanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Port records → the snake_case JSON of API.md, written out field by field. */
final class Views {
    private Views() {}

    // RFC 3339 UTC with exactly three fraction digits: the form the ledger hashes events in, so an
    // event read from SSE re-hashes to its ledger entry's payload_sha256.
    private static final java.time.format.DateTimeFormatter RFC3339_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    static String time(Instant at) {
        return RFC3339_MILLIS.format(at);
    }

    static Object opt(Optional<?> value) {
        Object v = value.orElse(null);
        return v instanceof Instant i ? time(i) : v;
    }

    static <T> Map<String, Object> page(Page<T> page, Function<T, Object> view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", page.items().stream().map(view).toList());
        m.put("next_cursor", page.nextCursor().orElse(null));
        return m;
    }

    static <T> Map<String, Object> items(List<T> items, Function<T, Object> view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items.stream().map(view).toList());
        m.put("next_cursor", null);
        return m;
    }

    static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("key", r.key());
        m.put("provider", r.provider());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("region", r.region());
        m.put("account", r.account());
        m.put("tags", r.tags());
        m.put("properties", r.properties());
        m.put("source", r.source());
        m.put("observed_at", time(r.observedAt()));
        m.put("version", r.version());
        return m;
    }

    static Map<String, Object> resourceView(ResourceView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", resource(v.resource()));
        m.put("findings", v.findings().stream().map(Views::finding).toList());
        return m;
    }

    static Map<String, Object> importResult(ImportResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", r.snapshotId());
        m.put("received", r.received());
        m.put("created", r.created());
        m.put("updated", r.updated());
        m.put("deleted", r.deleted());
        m.put("unchanged", r.unchanged());
        return m;
    }

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("policy_id", f.policyId());
        m.put("resource_id", f.resourceId());
        m.put("resource_key", f.resourceKey());
        m.put("resource_type", f.resourceType());
        m.put("account", f.account());
        m.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
        m.put("risk_score", f.riskScore());
        m.put("status", f.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("title", f.title());
        m.put("message", f.message());
        m.put("first_seen", time(f.firstSeen()));
        m.put("last_seen", time(f.lastSeen()));
        m.put("resolved_at", opt(f.resolvedAt()));
        m.put("exemption_id", opt(f.exemptionId()));
        m.put("action_ids", f.actionIds());
        return m;
    }

    static Map<String, Object> policy(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("id", p.id());
        metadata.put("title", p.title());
        metadata.put("description", p.description());
        metadata.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
        metadata.put("frameworks", p.frameworks());
        metadata.put("labels", p.labels());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("resource", p.resourceTypes().size() == 1 ? p.resourceTypes().getFirst() : p.resourceTypes());
        p.scope().ifPresent(s -> spec.put("scope", s));
        if (!p.variables().isEmpty()) {
            spec.put("variables", p.variables().stream()
                    .map(v -> Map.of("name", v.name(), "expression", v.expression())).toList());
        }
        spec.put("violation", p.violation());
        p.message().ifPresent(s -> spec.put("message", s));
        p.risk().ifPresent(s -> spec.put("risk", s));
        spec.put("params", p.params());
        spec.put("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT));
        p.remediation().ifPresent(r -> spec.put("remediation", Map.of("handler", r.handler(), "params", r.params())));
        if (!p.tests().isEmpty()) spec.put("tests", p.tests().stream().map(Views::policyTest).toList());
        m.put("apiVersion", "praetor.io/v1");
        m.put("kind", "Policy");
        m.put("metadata", metadata);
        m.put("spec", spec);
        m.put("id", p.id());
        m.put("source_yaml", p.sourceYaml());
        m.put("version", p.version());
        m.put("updated_at", time(p.updatedAt()));
        m.put("updated_by", p.updatedBy());
        return m;
    }

    private static Map<String, Object> policyTest(PolicyTestCase t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        t.now().ifPresent(n -> m.put("now", time(n)));
        m.put("resource", t.resource());
        m.put("expect", t.expect().wireName());
        return m;
    }

    static Map<String, Object> testReport(PolicyTestReport r) {
        List<Object> tests = new ArrayList<>();
        for (PolicyTestReport.TestOutcome t : r.tests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("expect", t.expect());
            m.put("actual", t.actual());
            m.put("pass", t.pass());
            t.error().ifPresent(e -> m.put("error", e));
            tests.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tests", tests);
        m.put("matches", r.matches());
        return m;
    }

    static Map<String, Object> scan(ScanResult s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scan_id", s.scanId());
        m.put("resources", s.resources());
        m.put("policies", s.policies());
        m.put("evaluations", s.evaluations());
        m.put("findings_opened", s.findingsOpened());
        m.put("findings_resolved", s.findingsResolved());
        m.put("errors", s.errors());
        m.put("error_samples", s.errorSamples().stream().map(e -> Map.of("policy_id", e.policyId(),
                "resource_id", e.resourceId(), "message", e.message())).toList());
        m.put("duration_ms", s.durationMs());
        return m;
    }

    static Map<String, Object> exemption(Exemption e, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("policy_id", e.policyId());
        m.put("resource_id", opt(e.resourceId()));
        m.put("selector", opt(e.selector()));
        m.put("reason", e.reason());
        m.put("expires_at", time(e.expiresAt()));
        m.put("created_by", e.createdBy());
        m.put("created_at", time(e.createdAt()));
        m.put("status", e.statusAt(now).wireName());
        return m;
    }

    static Map<String, Object> metrics(GovernanceMetrics g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", g.tenant().value());
        m.put("generated_at", time(g.generatedAt()));
        m.put("compliance_score", g.complianceScore());
        m.put("resources_total", g.resourcesTotal());
        m.put("policies_total", g.policiesTotal());
        m.put("findings_open", g.findingsOpen());
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySeverity.put(s, g.findingsBySeverity().getOrDefault(s, 0L));
        }
        m.put("findings_by_severity", bySeverity);
        Map<String, Object> byFramework = new LinkedHashMap<>();
        g.findingsByFramework().forEach((k, v) -> byFramework.put(k, Map.of("open", v.open(),
                "controls_failing", v.controlsFailing())));
        m.put("findings_by_framework", byFramework);
        m.put("top_policies", g.topPolicies().stream().map(p -> Map.of("policy_id", p.policyId(), "open", p.open())).toList());
        m.put("top_resource_types", g.topResourceTypes().stream().map(t -> Map.of("type", t.type(), "open", t.open())).toList());
        m.put("trend", g.trend().stream().map(t -> Map.of("date", t.date().toString(),
                "compliance_score", t.complianceScore(), "findings_open", t.findingsOpen())).toList());
        m.put("mttr_hours", opt(g.mttrHours()));
        Map<String, Object> actions = new LinkedHashMap<>();
        actions.put("awaiting_approval", g.actions().awaitingApproval());
        actions.put("in_progress", g.actions().inProgress());
        actions.put("completed", g.actions().completed());
        actions.put("failed", g.actions().failed());
        m.put("actions", actions);
        Map<String, Object> forecast = new LinkedHashMap<>();
        forecast.put("horizon_days", g.forecast().horizonDays());
        forecast.put("points", g.forecast().points().stream().map(p -> Map.of("date", p.date().toString(),
                "compliance_score", p.complianceScore(), "low", p.low(), "high", p.high())).toList());
        forecast.put("source", g.forecast().source());
        g.forecast().reason().ifPresent(r -> forecast.put("reason", r));
        m.put("forecast", forecast);
        g.analysis().ifPresent(a -> m.put("analysis", a));
        m.put("sources", Map.of("ai", g.sources().ai(), "cache", g.sources().cache()));
        return m;
    }

    static Map<String, Object> action(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("state", a.state().wireName());
        m.put("handler", a.handler());
        m.put("resource_id", a.resourceId());
        m.put("resource_key", a.resourceKey());
        m.put("finding_id", opt(a.findingId()));
        m.put("policy_id", opt(a.policyId()));
        m.put("requested_by", a.requestedBy());
        m.put("dry_run", a.dryRun());
        m.put("reason", a.reason());
        m.put("params", a.params());
        m.put("approvals", a.approvals().stream().map(Views::approval).toList());
        m.put("plan", a.plan().map(Views::plan).orElse(null));
        m.put("result", a.result().map(Views::result).orElse(null));
        m.put("evidence", a.evidence().stream().map(Views::evidence).toList());
        m.put("created_at", time(a.createdAt()));
        m.put("updated_at", time(a.updatedAt()));
        return m;
    }

    private static Map<String, Object> approval(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", a.by());
        m.put("at", time(a.at()));
        m.put("comment", a.comment());
        return m;
    }

    private static Map<String, Object> plan(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", p.summary());
        m.put("diff", p.diff());
        m.put("destructive", p.destructive());
        m.put("base_version", p.baseVersion());
        m.put("planned_at", time(p.plannedAt()));
        // the states the diff goes between, so a console can show before/after side by side (ADR 0021)
        m.put("prior_state", p.priorState());
        m.put("planned_state", p.plannedState());
        m.put("details", p.details());
        return m;
    }

    private static Map<String, Object> result(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", r.message());
        r.observed().ifPresent(o -> m.put("observed", o));
        r.error().ifPresent(e -> m.put("error", e));
        m.put("may_have_happened", r.mayHaveHappened());
        return m;
    }

    static Map<String, Object> evidence(EvidenceRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", r.sha256());
        m.put("media_type", r.mediaType());
        m.put("name", r.name());
        m.put("size", r.size());
        m.put("action_id", opt(r.actionId()));
        m.put("stored_at", time(r.storedAt()));
        return m;
    }

    static Map<String, Object> actionEvent(ActionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action_id", e.actionId());
        m.put("seq", e.seq());
        m.put("type", e.type());
        m.put("state", e.state().wireName());
        m.put("at", time(e.at()));
        m.put("message", e.message());
        m.put("data", e.data());
        return m;
    }

    static Map<String, Object> tenantEvent(TenantEvent e) {
        return e.data();
    }

    static Map<String, Object> elevation(Elevation e, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("principal", e.principal());
        m.put("reason", e.reason());
        m.put("action_id", opt(e.actionId()));
        m.put("state", e.stateAt(now).wireName());
        m.put("requested_at", time(e.requestedAt()));
        m.put("duration_minutes", e.duration().toMinutes());
        m.put("approved_by", opt(e.approvedBy()));
        m.put("expires_at", opt(e.expiresAt()));
        return m;
    }

    static Map<String, Object> ledgerEntry(LedgerEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("at", time(e.at()));
        m.put("tenant", e.tenant().value());
        m.put("actor", e.actor());
        m.put("kind", e.kind());
        m.put("subject", e.subject());
        m.put("payload_sha256", e.payloadSha256());
        return m;
    }

    static Map<String, Object> ledgerLeaf(LedgerLeaf l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry", ledgerEntry(l.entry()));
        m.put("leaf_hash", l.leafHash());
        return m;
    }

    static Map<String, Object> treeHead(TreeHead h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant", h.tenant().value());
        m.put("tree_size", h.treeSize());
        m.put("root_hash", h.rootHash());
        m.put("timestamp", time(h.timestamp()));
        m.put("jws", h.jws());
        return m;
    }

    static Map<String, Object> inclusion(LedgerUseCases.InclusionProofView p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", p.seq());
        m.put("tree_size", p.treeSize());
        m.put("leaf_hash", p.leafHash());
        m.put("path", p.path());
        m.put("root_hash", p.rootHash());
        return m;
    }

    static Map<String, Object> consistency(LedgerUseCases.ConsistencyProofView p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", p.fromSize());
        m.put("to", p.toSize());
        m.put("from_root", p.fromRoot());
        m.put("to_root", p.toRoot());
        m.put("path", p.path());
        return m;
    }

    static Map<String, Object> ledgerCheck(LedgerUseCases.LedgerCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", c.ok());
        m.put("size", c.size());
        m.put("root_hash", c.rootHash());
        c.firstBadSeq().ifPresent(s -> m.put("first_bad_seq", s));
        m.put("problems", c.problems());
        return m;
    }
}
