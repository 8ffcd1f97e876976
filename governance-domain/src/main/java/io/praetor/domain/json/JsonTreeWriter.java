package io.praetor.domain.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.SmallJsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON trees as ordinary (not canonical) JSON with jackson-core's generator, keeping member
 * order; optionally indented for people. For bytes that are hashed or signed use
 * {@link CanonicalJson}. Thread-safe.
 */
public final class JsonTreeWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonTreeWriter() {}

    public static byte[] toBytes(Object tree) {
        return toBytes(tree, false);
    }

    public static byte[] toBytes(Object tree, boolean pretty) {
        if (pretty) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(tree, out, true);
            return out.toByteArray();
        }
        // one buffer and one generator per thread, the bytes copied out at the exact size: a generator (with its
        // contexts and pooled buffer) and a growing stream per call were garbage at once, half a million times
        // in a first scan
        ThreadWriter w = WRITER.get();
        try {
            writeValue(w.generator, tree, 0);
            w.generator.flush();
            return w.out.toByteArray();
        } catch (IOException e) {
            WRITER.remove();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            // the generator may be inside an unfinished object: the next call starts afresh
            WRITER.remove();
            throw e;
        } finally {
            if (w.out.size() > MAX_KEPT_BUFFER) WRITER.remove();
            w.out.reset();
        }
    }

    /** A thread's buffer and the generator writing compact JSON into it, one document after another. */
    private static final class ThreadWriter {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        final JsonGenerator generator;

        ThreadWriter() {
            try {
                generator = FACTORY.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // documents follow each other in one generator: nothing is written between them
            generator.setRootValueSeparator(null);
        }
    }

    /** A thread's writer is dropped after writing more than this, so a rare large document is not kept. */
    private static final int MAX_KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<ThreadWriter> WRITER = ThreadLocal.withInitial(ThreadWriter::new);

    public static String toJson(Object tree) {
        return new String(toBytes(tree, false), StandardCharsets.UTF_8);
    }

    /** Writes {@code tree} to {@code out} (which is not closed). */
    public static void write(Object tree, OutputStream out, boolean pretty) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) g.useDefaultPrettyPrinter();
            writeValue(g, tree, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code tree} to an open generator; with {@code sortKeys} every object's keys are
     * sorted by UTF-16 code units (a deterministic form for hashing that is cheaper than
     * {@link CanonicalJson} when RFC 8785 is not required).
     */
    public static void write(JsonGenerator g, Object tree, boolean sortKeys) throws IOException {
        writeValue(g, tree, 0, sortKeys);
    }

    private static void writeValue(JsonGenerator g, Object value, int depth) throws IOException {
        writeValue(g, value, depth, false);
    }

    private static void writeValue(JsonGenerator g, Object value, int depth, boolean sortKeys) throws IOException {
        if (depth > 1000) {
            throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "JSON nested deeper than 1000 levels");
        }
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Double d -> writeDouble(g, d);
            case Float f -> writeDouble(g, f.doubleValue());
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case SmallJsonObject small when !sortKeys -> {
                // no entry objects: event payloads are small objects, written by the hundred thousand
                g.writeStartObject();
                for (int i = 0, n = small.size(); i < n; i++) {
                    g.writeFieldName(small.keyAt(i));
                    writeValue(g, small.valueAt(i), depth + 1, false);
                }
                g.writeEndObject();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
                if (sortKeys && map.size() > 1) {
                    java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        sorted.put(key(e.getKey()), e.getValue());
                    }
                    entries = sorted.entrySet();
                }
                for (Map.Entry<?, ?> e : entries) {
                    g.writeFieldName(key(e.getKey()));
                    writeValue(g, e.getValue(), depth + 1, sortKeys);
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object item : list) {
                    writeValue(g, item, depth + 1, sortKeys);
                }
                g.writeEndArray();
            }
            default -> throw new PraetorException(ErrorCode.VALIDATION, "not a JSON value: " + value.getClass().getName());
        }
    }

    private static String key(Object k) {
        if (!(k instanceof String s)) {
            throw new PraetorException(ErrorCode.VALIDATION, "JSON object keys must be strings: " + k);
        }
        return s;
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new PraetorException(ErrorCode.VALIDATION, "JSON cannot represent " + d);
        }
        g.writeNumber(d);
    }
}
