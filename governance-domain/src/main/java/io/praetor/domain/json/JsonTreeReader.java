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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into immutable JSON trees ({@code Map<String,Object>} keeping member order,
 * {@code List<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null})
 * with jackson-core's streaming parser. Integers beyond a {@code long} and all fractions become
 * {@code Double}. Duplicate member names and trailing content are rejected. Syntax errors are
 * {@link ErrorCode#MALFORMED} with line and column; numbers too large for a double are
 * {@link ErrorCode#VALIDATION}. Thread-safe.
 */
public final class JsonTreeReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final int MAX_DEPTH = 1000;

    private JsonTreeReader() {}

    public static Object read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Object read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readDocument(p);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    public static Object read(InputStream json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readDocument(p);
        } catch (IOException e) {
            throw malformed(e);
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
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new PraetorException(ErrorCode.MALFORMED, "empty JSON document");
        }
        Object value = readValue(p, first, 0);
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            JsonLocation at = p.currentTokenLocation();
            throw new PraetorException(ErrorCode.MALFORMED, "unexpected content after the JSON value",
                    List.of(InputIssue.at(at.getLineNr(), at.getColumnNr(), "", "unexpected content after the JSON value")));
        }
        return value;
    }

    private static Object readValue(JsonParser p, JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken(), depth + 1));
                }
                yield Collections.unmodifiableMap(map);
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, next, depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) finite(p) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> finite(p);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new PraetorException(ErrorCode.MALFORMED, "unexpected token " + t);
        };
    }

    private static double finite(JsonParser p) throws IOException {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
            JsonLocation at = p.currentTokenLocation();
            String message = "number " + p.getText() + " is out of the range of a double";
            throw new PraetorException(ErrorCode.VALIDATION, message,
                    List.of(InputIssue.at(at.getLineNr(), at.getColumnNr(), "", message)));
        }
        return d;
    }

    private static PraetorException malformed(IOException e) {
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
