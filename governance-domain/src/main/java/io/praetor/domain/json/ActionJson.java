package io.praetor.domain.json;

import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionResult;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Plan;
import io.praetor.ports.evidence.EvidenceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API.md JSON of actions, action events, plans and evidence references: one form for tenant
 * events, SSE data, evidence artefacts and bundles. The event form is also what
 * {@code payload_sha256} of an action entry hashes:
 * {@code {action_id, seq, type, state, at, message, data}} with {@code at} in milliseconds.
 */
public final class ActionJson {
    private ActionJson() {}

    public static Map<String, Object> event(ActionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action_id", e.actionId());
        m.put("seq", e.seq());
        m.put("type", e.type());
        m.put("state", e.state().wireName());
        m.put("at", Rfc3339.millis(e.at()));
        m.put("message", e.message());
        m.put("data", e.data());
        return m;
    }

    /** SHA-256 of the RFC 8785 JSON of the event: the {@code payload_sha256} of the entry that records it. */
    public static String eventSha256(ActionEvent e) {
        return CanonicalJson.sha256Hex(event(e));
    }

    public static Map<String, Object> evidence(EvidenceRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sha256", r.sha256());
        m.put("media_type", r.mediaType());
        m.put("name", r.name());
        m.put("size", r.size());
        r.actionId().ifPresent(id -> m.put("action_id", id));
        m.put("stored_at", Rfc3339.millis(r.storedAt()));
        return m;
    }

    public static Map<String, Object> action(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("state", a.state().wireName());
        m.put("handler", a.handler());
        m.put("resource_id", a.resourceId());
        m.put("resource_key", a.resourceKey());
        m.put("finding_id", a.findingId().orElse(null));
        m.put("policy_id", a.policyId().orElse(null));
        m.put("requested_by", a.requestedBy());
        m.put("dry_run", a.dryRun());
        m.put("reason", a.reason());
        m.put("params", a.params());
        m.put("approvals", a.approvals().stream().map(ActionJson::approval).toList());
        m.put("plan", a.plan().map(ActionJson::plan).orElse(null));
        m.put("result", a.result().map(ActionJson::result).orElse(null));
        m.put("evidence", a.evidence().stream().map(ActionJson::evidence).toList());
        m.put("created_at", Rfc3339.millis(a.createdAt()));
        m.put("updated_at", Rfc3339.millis(a.updatedAt()));
        return m;
    }

    private static Map<String, Object> approval(Approval a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", a.by());
        m.put("at", Rfc3339.millis(a.at()));
        m.put("comment", a.comment());
        return m;
    }

    /** The plan as API.md shows it, plus the states it was made from and to (what rollback restores). */
    public static Map<String, Object> plan(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", p.summary());
        m.put("diff", List.copyOf(p.diff()));
        m.put("destructive", p.destructive());
        m.put("base_version", p.baseVersion());
        m.put("planned_at", Rfc3339.millis(p.plannedAt()));
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
        return m;
    }
}
