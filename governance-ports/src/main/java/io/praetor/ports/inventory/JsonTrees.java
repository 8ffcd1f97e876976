package io.praetor.ports.inventory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the JSON trees that resource properties, params and plans are made of
 * (maps, lists, strings, longs, doubles, booleans and nulls).
 */
public final class JsonTrees {
    private JsonTrees() {}

    /**
     * An unmodifiable deep copy that keeps key order and null values; numbers are widened to
     * {@code Long} or {@code Double}. Rejects anything that is not a JSON value.
     */
    @SuppressWarnings("unchecked")
    public static Object freeze(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (value instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new PraetorException(ErrorCode.VALIDATION, "JSON object keys must be strings: " + e.getKey());
                }
                copy.put(k, freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new PraetorException(ErrorCode.VALIDATION, "not a JSON value: " + value.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> freezeObject(Map<String, ?> map) {
        return (Map<String, Object>) freeze(map);
    }
}
