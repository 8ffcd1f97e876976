package io.praetor.domain.json;

import io.praetor.ports.inventory.SmallJsonObject;
import java.util.Map;

/** Immutable JSON objects built in code, in the order given. */
public final class JsonObjects {
    private JsonObjects() {}

    /**
     * An immutable object of {@code key, value, key, value, …} in this order (a repeated key keeps its
     * first place and its last value). Up to {@link SmallJsonObject#MAX_KEYS} keys it is one array, not
     * a linked hash map: a first scan builds half a million event payloads of ten keys each.
     */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must come in pairs");
        int pairs = keysAndValues.length / 2;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String)) throw new IllegalArgumentException("JSON object keys must be strings");
        }
        if (pairs <= SmallJsonObject.MAX_KEYS) return SmallJsonObject.of(keysAndValues, pairs);
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return java.util.Collections.unmodifiableMap(map);
    }
}
