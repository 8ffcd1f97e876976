package io.praetor.domain.act;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.Plan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Act's JSON: bus payloads, tenant-event data and evidence artefacts, with jackson-core streaming only. */
final class ActJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ActJson() {}

    static byte[] write(Object tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, tree);
        } catch (IOException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "could not write JSON", e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new PraetorException(ErrorCode.MALFORMED, "not a JSON object");
            return (Map<String, Object>) read(p);
        } catch (IOException e) {
            throw new PraetorException(ErrorCode.MALFORMED, "malformed JSON: " + e.getMessage(), e);
        }
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

    static Map<String, Object> summary(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("state", a.state().wireName());
        m.put("handler", a.handler());
        m.put("resource_id", a.resourceId());
        return m;
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object x : l) write(g, x);
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Long n -> g.writeNumber(n);
            case Integer n -> g.writeNumber(n);
            case Double d -> g.writeNumber(d);
            case Instant i -> g.writeString(i.toString());
            default -> throw new PraetorException(ErrorCode.INTERNAL, "not a JSON value: " + v.getClass().getName());
        }
    }

    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, read(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(read(p));
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new PraetorException(ErrorCode.MALFORMED, "unexpected JSON token " + t);
        };
    }
}
