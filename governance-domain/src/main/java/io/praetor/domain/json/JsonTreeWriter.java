package io.praetor.domain.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON trees with jackson-core's {@link JsonGenerator}: compact, keys in the map's order,
 * or sorted (by UTF-16 code units) when a deterministic form is needed. Thread-safe.
 */
public final class JsonTreeWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTreeWriter() {}

    /** Compact JSON text of {@code value}, keys in map order. */
    public static String toJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Compact UTF-8 JSON of {@code value}, keys in map order. */
    public static byte[] toJsonBytes(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code value} to {@code g}; with {@code sortKeys} every object's keys are sorted. */
    public static void write(JsonGenerator g, Object value, boolean sortKeys) throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case Map<?, ?> map -> writeObject(g, map, sortKeys);
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    write(g, item, sortKeys);
                }
                g.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(JsonGenerator g, Map<?, ?> map, boolean sortKeys) throws IOException {
        g.writeStartObject();
        if (sortKeys && map.size() > 1) {
            String[] keys = new String[map.size()];
            int i = 0;
            for (Object k : map.keySet()) {
                keys[i++] = (String) k;
            }
            Arrays.sort(keys);
            for (String k : keys) {
                g.writeFieldName(k);
                write(g, map.get(k), true);
            }
        } else {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue(), sortKeys);
            }
        }
        g.writeEndObject();
    }

}
