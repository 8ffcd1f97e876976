package io.praetor.adapters.postgres;

import io.praetor.ports.action.ActionResult;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Plan;
import io.praetor.ports.evidence.EvidenceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nested parts of an action (approvals, plan, result, evidence) as JSON trees for jsonb columns. */
final class ActionDocuments {
    private ActionDocuments() {}

    static List<Object> approvalsTree(List<Approval> approvals) {
        List<Object> out = new ArrayList<>();
        for (Approval a : approvals) {
            out.add(Map.of("by", a.by(), "at", a.at().toString(), "comment", a.comment()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Approval> approvalsOf(List<Object> tree) {
        List<Approval> out = new ArrayList<>();
        for (Object o : tree) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Approval((String) m.get("by"), Instant.parse((String) m.get("at")), (String) m.get("comment")));
        }
        return out;
    }

    static Map<String, Object> planTree(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", p.summary());
        m.put("diff", p.diff());
        m.put("destructive", p.destructive());
        m.put("base_version", p.baseVersion());
        m.put("planned_at", p.plannedAt().toString());
        m.put("prior_state", p.priorState());
        m.put("planned_state", p.plannedState());
        m.put("details", p.details());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Plan planOf(Map<String, Object> m) {
        return new Plan((String) m.get("summary"), (List<Map<String, Object>>) (List<?>) m.get("diff"),
                (Boolean) m.get("destructive"), (Long) m.get("base_version"), Instant.parse((String) m.get("planned_at")),
                (Map<String, Object>) m.get("prior_state"), (Map<String, Object>) m.get("planned_state"),
                (Map<String, Object>) m.get("details"));
    }

    static Map<String, Object> resultTree(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", r.message());
        m.put("observed", r.observed().orElse(null));
        m.put("error", r.error().orElse(null));
        m.put("may_have_happened", r.mayHaveHappened());
        return m;
    }

    @SuppressWarnings("unchecked")
    static ActionResult resultOf(Map<String, Object> m) {
        return new ActionResult((String) m.get("message"), Optional.ofNullable((Map<String, Object>) m.get("observed")),
                Optional.ofNullable((String) m.get("error")), (Boolean) m.get("may_have_happened"));
    }

    static List<Object> evidenceTree(List<EvidenceRef> refs) {
        List<Object> out = new ArrayList<>();
        for (EvidenceRef e : refs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sha256", e.sha256());
            m.put("media_type", e.mediaType());
            m.put("name", e.name());
            m.put("size", e.size());
            m.put("action_id", e.actionId().orElse(null));
            m.put("stored_at", e.storedAt().toString());
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<EvidenceRef> evidenceOf(List<Object> tree) {
        List<EvidenceRef> out = new ArrayList<>();
        for (Object o : tree) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new EvidenceRef((String) m.get("sha256"), (String) m.get("media_type"), (String) m.get("name"),
                    (Long) m.get("size"), Optional.ofNullable((String) m.get("action_id")),
                    Instant.parse((String) m.get("stored_at"))));
        }
        return out;
    }
}
