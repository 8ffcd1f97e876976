package io.praetor.domain.ai;

import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.domain.json.Rfc3339;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact, redacted views of findings and resources that are sent to the model, and a JSON
 * list of them cut to a token budget (about four characters a token). A resource is summarised by
 * its identity, redacted tags and at most {@value #MAX_PROPERTIES} top-level scalar properties
 * (redacted, shortened) — never its full properties.
 */
final class Briefs {
    static final int MAX_PROPERTIES = 12;
    private static final int MAX_TEXT = 160;
    private static final int CHARS_PER_TOKEN = 4;

    private Briefs() {}

    static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("policy_id", f.policyId());
        m.put("resource_id", f.resourceId());
        m.put("resource_type", f.resourceType());
        m.put("account", f.account());
        m.put("severity", f.severity().wireName());
        m.put("risk_score", f.riskScore());
        m.put("status", f.status().wireName());
        m.put("title", shorten(Redaction.text(f.title())));
        m.put("message", shorten(Redaction.text(f.message())));
        m.put("first_seen", Rfc3339.millis(f.firstSeen()));
        if (!f.tags().isEmpty()) m.put("tags", Redaction.tags(f.tags()));
        return m;
    }

    static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("type", r.type());
        m.put("name", shorten(Redaction.text(r.name())));
        m.put("region", r.region());
        m.put("account", r.account());
        m.put("version", r.version());
        m.put("observed_at", Rfc3339.millis(r.observedAt()));
        if (!r.tags().isEmpty()) m.put("tags", Redaction.tags(r.tags()));
        Map<String, Object> props = new LinkedHashMap<>();
        for (var e : r.properties().entrySet()) {
            if (props.size() == MAX_PROPERTIES) break;
            Object v = e.getValue();
            if (Redaction.sensitiveKey(e.getKey())) props.put(e.getKey(), Redaction.REDACTED);
            else if (v instanceof String s) props.put(e.getKey(), shorten(Redaction.text(s)));
            else if (v instanceof Number || v instanceof Boolean) props.put(e.getKey(), v);
            else if (v instanceof Map<?, ?> nested) props.put(e.getKey(), "{object with " + nested.size() + " keys}");
            else if (v instanceof List<?> list) props.put(e.getKey(), "[list of " + list.size() + "]");
        }
        if (!props.isEmpty()) m.put("properties", props);
        return m;
    }

    /** The items as a JSON list, as many as fit {@code tokens}, and a note of how many were left out. */
    static String budgeted(List<Map<String, Object>> items, int tokens) {
        int budget = tokens * CHARS_PER_TOKEN;
        List<Object> kept = new ArrayList<>();
        int used = 2;
        for (Map<String, Object> item : items) {
            int size = JsonTreeWriter.toJson(item).length() + 1;
            if (used + size > budget) break;
            kept.add(item);
            used += size;
        }
        String json = JsonTreeWriter.toJson(kept);
        int left = items.size() - kept.size();
        return left == 0 ? json : json + "\n(" + left + " more not shown: over the summary budget)";
    }

    static int estimateTokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    static String shorten(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
