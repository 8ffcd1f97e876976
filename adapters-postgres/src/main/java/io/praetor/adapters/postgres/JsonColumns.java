package io.praetor.adapters.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.JsonTrees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;

/** JSON trees to and from jsonb columns; what is read back is frozen like every port tree. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonColumns() {}

    static JSONB write(Object tree) {
        try {
            return JSONB.valueOf(MAPPER.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot write a JSON tree: " + e.getMessage(), e);
        }
    }

    static Object read(JSONB json) {
        try {
            return JsonTrees.freeze(MAPPER.readValue(json.data(), Object.class));
        } catch (JsonProcessingException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "a stored JSON column is not JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(JSONB json) {
        return (Map<String, Object>) read(json);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> readStrings(JSONB json) {
        Map<String, Object> tree = readObject(json);
        Map<String, String> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Object> readList(JSONB json) {
        return (List<Object>) read(json);
    }
}
