package io.praetor.domain.act;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only RFC 6902 applier (add, remove, replace, move, copy, test), used to check that a
 * computed diff really turns the source into the target, including for the RFC's move examples.
 */
final class JsonPatchApplier {
    private JsonPatchApplier() {}

    static Object apply(Object document, List<Map<String, Object>> patch) {
        Object doc = mutable(document);
        for (Map<String, Object> op : patch) {
            String path = (String) op.get("path");
            doc = switch ((String) op.get("op")) {
                case "add" -> add(doc, path, mutable(op.get("value")));
                case "remove" -> remove(doc, path);
                case "replace" -> add(remove(doc, path), path, mutable(op.get("value")));
                case "move" -> {
                    Object v = get(doc, (String) op.get("from"));
                    yield add(remove(doc, (String) op.get("from")), path, v);
                }
                case "copy" -> add(doc, path, mutable(get(doc, (String) op.get("from"))));
                case "test" -> {
                    if (!JsonPatchDiff.jsonEquals(get(doc, path), op.get("value"))) {
                        throw new IllegalStateException("test failed at " + path);
                    }
                    yield doc;
                }
                default -> throw new IllegalArgumentException("unknown op " + op.get("op"));
            };
        }
        return doc;
    }

    private static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) return out;
        for (String t : pointer.substring(1).split("/", -1)) out.add(t.replace("~1", "/").replace("~0", "~"));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object get(Object doc, String pointer) {
        Object cur = doc;
        for (String t : tokens(pointer)) {
            if (cur instanceof Map<?, ?> m) {
                if (!m.containsKey(t)) throw new IllegalStateException("no member " + t);
                cur = m.get(t);
            } else if (cur instanceof List<?> l) {
                cur = l.get(Integer.parseInt(t));
            } else {
                throw new IllegalStateException("cannot descend into " + cur);
            }
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    private static Object add(Object doc, String pointer, Object value) {
        List<String> ts = tokens(pointer);
        if (ts.isEmpty()) return value;
        Object parent = get(doc, parentOf(pointer));
        String last = ts.get(ts.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(last, value);
        } else if (parent instanceof List<?> l) {
            int i = last.equals("-") ? l.size() : Integer.parseInt(last);
            if (i > l.size()) throw new IllegalStateException("index out of range " + pointer);
            ((List<Object>) l).add(i, value);
        } else {
            throw new IllegalStateException("no container at " + pointer);
        }
        return doc;
    }

    private static Object remove(Object doc, String pointer) {
        List<String> ts = tokens(pointer);
        if (ts.isEmpty()) return null;
        Object parent = get(doc, parentOf(pointer));
        String last = ts.get(ts.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            if (!m.containsKey(last)) throw new IllegalStateException("no member " + pointer);
            m.remove(last);
        } else if (parent instanceof List<?> l) {
            l.remove(Integer.parseInt(last));
        }
        return doc;
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static Object mutable(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put((String) k, mutable(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(x -> copy.add(mutable(x)));
            return copy;
        }
        return v;
    }
}
