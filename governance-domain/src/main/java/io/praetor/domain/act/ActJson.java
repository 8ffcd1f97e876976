package io.praetor.domain.act;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.Plan;
import java.util.LinkedHashMap;
import java.util.Map;

/** Act's JSON shapes (bus payloads, tenant-event data, evidence artefacts) over the shared tree reader and writer. */
final class ActJson {
    private ActJson() {}

    static byte[] write(Object tree) {
        return JsonTreeWriter.toBytes(tree);
    }

    static Map<String, Object> readObject(byte[] json) {
        return JsonTreeReader.readObject(json);
    }

    /** The ActionEvent as API.md's SSE data and tenant-event data: {action_id, seq, type, state, at, message, data}. */
    static Map<String, Object> tree(ActionEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action_id", e.actionId());
        m.put("seq", e.seq());
        m.put("type", e.type());
        m.put("state", e.state().wireName());
        m.put("at", e.at().toString());
        m.put("message", e.message());
        m.put("data", e.data());
        return m;
    }

    static Map<String, Object> tree(Plan p) {
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
}
