package io.praetor.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.JsonTrees;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** JSON on the wire: trees of maps and lists in, bytes out; malformed input is MALFORMED with line and column. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    static byte[] write(Object tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot write JSON", e);
        }
    }

    static String writeString(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot write JSON", e);
        }
    }

    /** Any JSON value, frozen (see {@link JsonTrees}). */
    static Object read(byte[] body) {
        if (body.length == 0) {
            throw new PraetorException(ErrorCode.MALFORMED, "the request body is empty; a JSON document is required",
                    List.of(InputIssue.at(1, 1, "", "empty body")));
        }
        try {
            return JsonTrees.freeze(MAPPER.readValue(body, Object.class));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new PraetorException(ErrorCode.MALFORMED, "the request body is not valid JSON",
                    List.of(InputIssue.at(Math.max(line, 0), Math.max(column, 0), "", e.getOriginalMessage())));
        } catch (IOException e) {
            throw new PraetorException(ErrorCode.MALFORMED, "the request body cannot be read");
        }
    }

    /** A JSON object; an empty body is the empty object when {@code emptyIsObject}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(byte[] body, boolean emptyIsObject) {
        if (body.length == 0 && emptyIsObject) return Map.of();
        Object tree = read(body);
        if (!(tree instanceof Map<?, ?> map)) {
            throw new PraetorException(ErrorCode.VALIDATION, "the request body must be a JSON object",
                    List.of(InputIssue.pointer("", "expected an object")));
        }
        return (Map<String, Object>) map;
    }
}
