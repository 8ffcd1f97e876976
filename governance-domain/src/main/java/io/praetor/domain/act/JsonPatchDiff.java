package io.praetor.domain.act;

import io.praetor.ports.inventory.JsonTrees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes an RFC 6902 JSON Patch that turns one JSON tree into another, using only {@code add},
 * {@code remove} and {@code replace}. Objects are compared member by member; arrays keep their
 * common prefix and suffix and change the middle element by element, so inserting or removing one
 * element is one operation. Numbers compare by value ({@code 1} equals {@code 1.0}), as RFC 6902's
 * {@code test} does. The result is an immutable list of immutable operation objects.
 */
public final class JsonPatchDiff {
    private JsonPatchDiff() {}

    public static List<Map<String, Object>> diff(Object source, Object target) {
        List<Map<String, Object>> ops = new ArrayList<>();
        diff(source, target, "", ops);
        return List.copyOf(ops);
    }

    /** Whether two JSON trees are equal as JSON (member order ignored, numbers by value). */
    public static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
            if (m.size() != n.size()) return false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!n.containsKey(e.getKey()) || !jsonEquals(e.getValue(), n.get(e.getKey()))) return false;
            }
            return true;
        }
        if (a instanceof List<?> l && b instanceof List<?> r) {
            if (l.size() != r.size()) return false;
            for (int i = 0; i < l.size(); i++) {
                if (!jsonEquals(l.get(i), r.get(i))) return false;
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Escapes one reference token of a JSON Pointer (RFC 6901: {@code ~} first, then {@code /}). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static void diff(Object source, Object target, String path, List<Map<String, Object>> ops) {
        if (source instanceof Map<?, ?> s && target instanceof Map<?, ?> t) {
            diffObjects(s, t, path, ops);
        } else if (source instanceof List<?> s && target instanceof List<?> t) {
            diffArrays(s, t, path, ops);
        } else if (!jsonEquals(source, target)) {
            ops.add(op("replace", path, target));
        }
    }

    private static void diffObjects(Map<?, ?> source, Map<?, ?> target, String path, List<Map<String, Object>> ops) {
        for (Map.Entry<?, ?> e : source.entrySet()) {
            String member = path + "/" + escape((String) e.getKey());
            if (!target.containsKey(e.getKey())) {
                ops.add(op("remove", member, null));
            } else {
                diff(e.getValue(), target.get(e.getKey()), member, ops);
            }
        }
        for (Map.Entry<?, ?> e : target.entrySet()) {
            if (!source.containsKey(e.getKey())) {
                ops.add(op("add", path + "/" + escape((String) e.getKey()), e.getValue()));
            }
        }
    }

    private static void diffArrays(List<?> source, List<?> target, String path, List<Map<String, Object>> ops) {
        int prefix = 0;
        int max = Math.min(source.size(), target.size());
        while (prefix < max && jsonEquals(source.get(prefix), target.get(prefix))) prefix++;
        int suffix = 0;
        while (suffix < max - prefix
                && jsonEquals(source.get(source.size() - 1 - suffix), target.get(target.size() - 1 - suffix))) {
            suffix++;
        }
        int sourceMiddle = source.size() - prefix - suffix;
        int targetMiddle = target.size() - prefix - suffix;
        int common = Math.min(sourceMiddle, targetMiddle);
        for (int i = 0; i < common; i++) {
            diff(source.get(prefix + i), target.get(prefix + i), path + "/" + (prefix + i), ops);
        }
        // Remove from the highest index down so each index still names the element meant.
        for (int i = prefix + sourceMiddle - 1; i >= prefix + common; i--) {
            ops.add(op("remove", path + "/" + i, null));
        }
        for (int i = prefix + common; i < prefix + targetMiddle; i++) {
            ops.add(op("add", path + "/" + i, target.get(i)));
        }
    }

    private static Map<String, Object> op(String name, String path, Object value) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", name);
        op.put("path", path);
        if (!name.equals("remove")) op.put("value", value);
        return JsonTrees.freezeObject(op);
    }

    private static boolean numbersEqual(Number x, Number y) {
        if ((x instanceof Long || x instanceof Integer) && (y instanceof Long || y instanceof Integer)) {
            return x.longValue() == y.longValue();
        }
        double a = x.doubleValue();
        double b = y.doubleValue();
        if (!Double.isFinite(a) || !Double.isFinite(b)) return Double.compare(a, b) == 0;
        return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
    }
}
