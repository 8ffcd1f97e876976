package io.praetor.ports.inventory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
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
     * {@code Long} or {@code Double}. Rejects anything that is not a JSON value. Objects of up to
     * {@link SmallJsonObject#MAX_KEYS} keys become {@link SmallJsonObject}s and arrays
     * {@link JsonArray}s, as the inventory reader makes them: a resource kept in memory for every scan
     * then costs half the objects of linked hash maps, which every concurrent collection marks.
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
        if (value instanceof Map<?, ?> map && map.size() <= SmallJsonObject.MAX_KEYS) {
            Object[] kv = new Object[2 * map.size()];
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (i == kv.length) break; // a map that grew while copied: as many entries as it said it had
                kv[i++] = key(e);
                kv[i++] = freeze(e.getValue());
            }
            return i == kv.length ? SmallJsonObject.ofDistinct(kv) : SmallJsonObject.of(kv, i / 2);
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                copy.put(key(e), freeze(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            Object[] copy = list.toArray();
            for (int i = 0; i < copy.length; i++) {
                copy[i] = freeze(copy[i]);
            }
            return JsonArray.ofOwned(copy);
        }
        throw new PraetorException(ErrorCode.VALIDATION, "not a JSON value: " + value.getClass().getName());
    }

    private static String key(Map.Entry<?, ?> e) {
        if (e.getKey() instanceof String k) return k;
        throw new PraetorException(ErrorCode.VALIDATION, "JSON object keys must be strings: " + e.getKey());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> freezeObject(Map<String, ?> map) {
        return (Map<String, Object>) freeze(map);
    }
}
