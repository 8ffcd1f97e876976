package io.praetor.domain.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.JsonArray;
import io.praetor.ports.inventory.SmallJsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads JSON values from a streaming {@link JsonParser} into immutable JSON trees: objects become
 * unmodifiable maps in source key order, integers {@code Long} (or {@code Double} beyond 64 bits),
 * other numbers {@code Double}, and JSON {@code null} stays a {@code null} value.
 *
 * <p>Optionally, strings whose trimmed text starts with <code>{</code> or {@code [} and that parse
 * as one JSON value are replaced by that value, recursively (AWS Config keeps policies as JSON
 * strings). Nesting deeper than {@code maxDepth}, counted from the document root and continuing
 * into such strings, is a PAYLOAD_TOO_LARGE error located at the offending token.
 *
 * <p>Not thread-safe: one reader per parse (it de-duplicates short strings it has seen). The
 * static {@code read…} methods parse a whole document with a reader of their own and are
 * thread-safe; they reject duplicate member names and trailing content.
 */
public final class JsonTreeReader {
    private static final int SHARED_STRING_MAX_LENGTH = 16;
    private static final int SHARED_STRINGS_MAX = 1 << 16;

    private final JsonFactory embeddedFactory;
    private final int maxDepth;
    private final boolean expandJsonStrings;
    // Inventories repeat short values (regions, states, booleans as text) in every record; sharing
    // one instance of each keeps a large import's trees smaller.
    private final Map<String, String> sharedStrings = new HashMap<>();

    public JsonTreeReader(JsonFactory embeddedFactory, int maxDepth, boolean expandJsonStrings) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
        this.embeddedFactory = embeddedFactory;
        this.maxDepth = maxDepth;
        this.expandJsonStrings = expandJsonStrings;
    }

    /**
     * Reads the value whose first token is the parser's current token.
     *
     * @param depth how many containers enclose this value (0 for a document's root value)
     */
    public Object readValue(JsonParser p, int depth) throws IOException {
        return readValue(p, depth, expandJsonStrings);
    }

    /**
     * Reads the object at the current {@code START_OBJECT} token into a mutable map in source order,
     * so that a caller can lift keys out of it before freezing it with
     * {@link Collections#unmodifiableMap}. Values of keys that {@code expandKey} rejects are read
     * without the JSON-in-strings expansion.
     */
    public LinkedHashMap<String, Object> readObjectFields(JsonParser p, int depth, Predicate<String> expandKey)
            throws IOException {
        checkDepth(p, depth + 1);
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, readValue(p, depth + 1, expandKey.test(name)));
        }
        return map;
    }

    /** As {@link #readValue(JsonParser, int)}, expanding JSON strings only when {@code expand} too. */
    public Object readValue(JsonParser p, int depth, boolean expand) throws IOException {
        expand &= expandJsonStrings;
        JsonToken token = p.currentToken();
        if (token == null) {
            throw new PraetorException(ErrorCode.MALFORMED, "unexpected end of JSON input");
        }
        return switch (token) {
            case START_OBJECT -> readObject(p, depth, expand);
            case START_ARRAY -> readArray(p, depth, expand);
            case VALUE_STRING -> readString(p.getText(), p, depth, expand);
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) finite(p) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> finite(p);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw malformed(p, "unexpected JSON token " + token);
        };
    }

    private Map<String, Object> readObject(JsonParser p, int depth, boolean expand) throws IOException {
        checkDepth(p, depth + 1);
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return Map.of();
        }
        Object[] pairs = new Object[8];
        int n = 0;
        LinkedHashMap<String, Object> map = null;
        while (t == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            Object value = readValue(p, depth + 1, expand);
            if (map != null) {
                map.put(name, value);
            } else if (n < SmallJsonObject.MAX_KEYS) {
                if (2 * n == pairs.length) {
                    pairs = java.util.Arrays.copyOf(pairs, pairs.length * 2);
                }
                pairs[2 * n] = name;
                pairs[2 * n + 1] = value;
                n++;
            } else {
                map = new LinkedHashMap<>(32);
                for (int i = 0; i < n; i++) {
                    map.put((String) pairs[2 * i], pairs[2 * i + 1]);
                }
                map.put(name, value);
            }
            t = p.nextToken();
        }
        return map != null ? Collections.unmodifiableMap(map) : SmallJsonObject.of(pairs, n);
    }

    private List<Object> readArray(JsonParser p, int depth, boolean expand) throws IOException {
        checkDepth(p, depth + 1);
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return List.of();
        }
        Object[] items = new Object[8];
        int n = 0;
        while (t != JsonToken.END_ARRAY) {
            if (n == items.length) items = java.util.Arrays.copyOf(items, n * 2);
            items[n++] = readValue(p, depth + 1, expand);
            t = p.nextToken();
        }
        return JsonArray.of(items, n);
    }

    private Object readString(String text, JsonParser p, int depth, boolean expand) throws IOException {
        if (expand) {
            int start = firstNonWhitespace(text);
            if (start < text.length() && (text.charAt(start) == '{' || text.charAt(start) == '[')) {
                Object parsed = parseEmbedded(text, p, depth);
                if (parsed != NOT_JSON) {
                    return parsed;
                }
            }
        }
        return share(text);
    }

    private static final Object NOT_JSON = new Object();

    private Object parseEmbedded(String text, JsonParser outer, int depth) throws IOException {
        try (JsonParser inner = embeddedFactory.createParser(text)) {
            Object value;
            try {
                inner.nextToken();
                value = readValue(inner, depth, true);
                if (inner.nextToken() != null) {
                    return NOT_JSON;
                }
            } catch (PraetorException e) {
                if (e.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
                    // Locate the problem at the string in the outer document, not inside the string.
                    String message = "nesting deeper than " + maxDepth + " inside a JSON string";
                    throw new PraetorException(e.code(), message,
                            List.of(outer == null ? InputIssue.field("", message) : at(outer, message)));
                }
                return NOT_JSON;
            } catch (IOException e) {
                return NOT_JSON;
            }
            return value;
        }
    }

    /**
     * {@code map} as an immutable JSON object, in its order: compact when it is small, else an
     * unmodifiable view of {@code map} (which the caller must no longer change).
     */
    public static Map<String, Object> immutableObject(LinkedHashMap<String, Object> map) {
        if (map.size() > SmallJsonObject.MAX_KEYS) {
            return Collections.unmodifiableMap(map);
        }
        if (map.isEmpty()) {
            return Map.of();
        }
        Object[] kv = new Object[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return SmallJsonObject.ofDistinct(kv);
    }

    /**
     * Applies the JSON-in-strings expansion to an already built tree (a resource given whole rather
     * than read from a file); containers without such strings are returned as they are.
     *
     * @param depth how many containers enclose {@code tree}
     */
    @SuppressWarnings("unchecked")
    public Object expandJsonStrings(Object tree, int depth) {
        try {
            switch (tree) {
                case String s -> {
                    Object expanded = readString(s, null, depth, true);
                    return expanded.equals(s) ? s : expanded;
                }
                case Map<?, ?> map -> {
                    checkDepth(null, depth + 1);
                    LinkedHashMap<String, Object> copy = null;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        Object v = expandJsonStrings(e.getValue(), depth + 1);
                        if (v != e.getValue() && copy == null) {
                            copy = new LinkedHashMap<>((Map<String, Object>) map);
                        }
                        if (copy != null) {
                            copy.put((String) e.getKey(), v);
                        }
                    }
                    return copy == null ? map : immutableObject(copy);
                }
                case List<?> list -> {
                    checkDepth(null, depth + 1);
                    List<Object> copy = null;
                    for (int i = 0; i < list.size(); i++) {
                        Object v = expandJsonStrings(list.get(i), depth + 1);
                        if (v != list.get(i) && copy == null) {
                            copy = new ArrayList<>(list);
                        }
                        if (copy != null) {
                            copy.set(i, v);
                        }
                    }
                    return copy == null ? list : JsonArray.ofOwned(copy.toArray());
                }
                case null, default -> {
                    return tree;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String share(String s) {
        if (s.length() > SHARED_STRING_MAX_LENGTH) {
            return s;
        }
        String shared = sharedStrings.putIfAbsent(s, s);
        if (shared != null) {
            return shared;
        }
        if (sharedStrings.size() > SHARED_STRINGS_MAX) {
            sharedStrings.clear();
        }
        return s;
    }

    private void checkDepth(JsonParser p, int depth) {
        if (depth > maxDepth) {
            String message = "nesting deeper than " + maxDepth + " levels";
            throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "JSON " + message,
                    List.of(p == null ? InputIssue.field("", message) : at(p, message)));
        }
    }

    private static int firstNonWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static PraetorException malformed(JsonParser p, String message) {
        return new PraetorException(ErrorCode.MALFORMED, message, List.of(at(p, message)));
    }

    private static InputIssue at(JsonParser p, String message) {
        JsonLocation loc = p.currentTokenLocation();
        return InputIssue.at(loc.getLineNr(), loc.getColumnNr(), "", message);
    }

    private static final JsonFactory DOCUMENT_FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int DOCUMENT_MAX_DEPTH = 1000;

    /** One whole JSON document as a tree. MALFORMED with line and column when it is not JSON. */
    public static Object read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Object read(byte[] json) {
        try (JsonParser p = DOCUMENT_FACTORY.createParser(json)) {
            return readDocument(p);
        } catch (IOException e) {
            throw malformedDocument(e);
        }
    }

    public static Object read(InputStream json) {
        try (JsonParser p = DOCUMENT_FACTORY.createParser(json)) {
            return readDocument(p);
        } catch (IOException e) {
            throw malformedDocument(e);
        }
    }

    /** A JSON document that must be an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(byte[] json) {
        Object tree = read(json);
        if (!(tree instanceof Map<?, ?>)) {
            throw new PraetorException(ErrorCode.MALFORMED, "expected a JSON object");
        }
        return (Map<String, Object>) tree;
    }

    /** Every non-blank line of NDJSON text as a tree; errors name the line. */
    public static List<Object> readLines(byte[] ndjson) {
        List<Object> out = new ArrayList<>();
        String text = new String(ndjson, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) continue;
            try {
                out.add(read(line));
            } catch (PraetorException e) {
                throw new PraetorException(ErrorCode.MALFORMED, "line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static Object readDocument(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new PraetorException(ErrorCode.MALFORMED, "empty JSON document");
        }
        Object value = new JsonTreeReader(DOCUMENT_FACTORY, DOCUMENT_MAX_DEPTH, false).readValue(p, 0);
        if (p.nextToken() != null) {
            throw malformed(p, "unexpected content after the JSON value");
        }
        return value;
    }

    private static double finite(JsonParser p) throws IOException {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
            String message = "number " + p.getText() + " is out of the range of a double";
            throw new PraetorException(ErrorCode.VALIDATION, message, List.of(at(p, message)));
        }
        return d;
    }

    private static PraetorException malformedDocument(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            JsonLocation at = jpe.getLocation();
            String message = jpe.getOriginalMessage();
            return new PraetorException(ErrorCode.MALFORMED,
                    "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + message,
                    List.of(InputIssue.at(at.getLineNr(), at.getColumnNr(), "", message)), e);
        }
        return new PraetorException(ErrorCode.MALFORMED, "unreadable JSON: " + e.getMessage(), e);
    }
}
