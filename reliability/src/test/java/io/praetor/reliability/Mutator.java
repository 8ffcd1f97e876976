package io.praetor.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a valid sample: text-level (byte flips, cuts, splices, hostile tokens) and,
 * when the sample is JSON, structure-level (a value replaced by another type, a key dropped or
 * added, deep nesting, huge numbers). Half of each kind, so most inputs get past the tokenizer and
 * reach the format's own rules.
 */
final class Mutator {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private static final String[] TOKENS = {
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "0", "1e999", "-9223372036854775809",
        "18446744073709551616", "NaN", "\\u0000", "\u0000", "\uD800", "\uFFFF", "\r\n", "\n---\n", "&a", "*a",
        "!!binary", "!!python/object", "<<", "${x}", "../../etc/passwd", "' OR 1=1 --", "\t", "\\", "%00",
        "\"\":\"\"", "[[[[[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", "\u202E", "\uFEFF", "0x7f", "1.7976931348623157E309",
    };

    private final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    /** One mutant of {@code sample}. */
    String mutate(String sample) {
        if (random.nextBoolean()) {
            try {
                JsonNode tree = JSON.readTree(sample);
                if (tree != null && tree.isContainerNode()) {
                    int n = 1 + random.nextInt(3);
                    for (int i = 0; i < n; i++) tree = mutateTree(tree);
                    return JSON.writeValueAsString(tree);
                }
            } catch (Exception notOneJsonDocument) {
                // NDJSON, YAML or already broken: mutate the text
            }
        }
        return mutateText(sample);
    }

    String mutateText(String sample) {
        StringBuilder s = new StringBuilder(sample);
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int len = s.length();
            int at = len == 0 ? 0 : random.nextInt(len + 1);
            switch (random.nextInt(8)) {
                case 0 -> { if (len > 0 && at < len) s.setCharAt(at, (char) (s.charAt(at) ^ (1 << random.nextInt(7)))); }
                case 1 -> { if (len > 0) s.delete(at, Math.min(len, at + 1 + random.nextInt(16))); }
                case 2 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 3 -> { if (len > 0) s.setLength(at); }
                case 4 -> {
                    if (len > 0) {
                        int from = random.nextInt(len);
                        int to = Math.min(len, from + 1 + random.nextInt(64));
                        s.insert(at, s.substring(from, to));
                    }
                }
                case 5 -> s.insert(at, "x".repeat(1 + random.nextInt(4096)));
                case 6 -> s.insert(at, (char) random.nextInt(0x20));
                default -> { if (len > 1 && at < len - 1) { char c = s.charAt(at); s.setCharAt(at, s.charAt(at + 1)); s.setCharAt(at + 1, c); } }
            }
        }
        return s.toString();
    }

    /** Bytes that may not be UTF-8 at all. */
    byte[] mutateBytes(String sample) {
        byte[] b = mutate(sample).getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && random.nextInt(4) == 0) {
            b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(0x80));
        }
        return b;
    }

    private JsonNode mutateTree(JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (random.nextInt(4)) {
                case 0 -> { if (!names.isEmpty()) o.remove(names.get(random.nextInt(names.size()))); }
                case 1 -> o.set(names.isEmpty() || random.nextBoolean() ? randomKey() : names.get(random.nextInt(names.size())), randomValue(0));
                case 2 -> { if (!names.isEmpty()) o.set(names.get(random.nextInt(names.size())), randomValue(0)); }
                default -> { if (!names.isEmpty()) o.set(names.get(random.nextInt(names.size())), N.nullNode()); }
            }
        } else if (target instanceof ArrayNode a) {
            switch (random.nextInt(3)) {
                case 0 -> { if (!a.isEmpty()) a.remove(random.nextInt(a.size())); }
                case 1 -> a.add(randomValue(0));
                default -> { if (!a.isEmpty()) a.set(random.nextInt(a.size()), randomValue(0)); }
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (!node.isContainerNode()) return;
        out.add(node);
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
    }

    private String randomKey() {
        String[] keys = {"id", "type", "name", "tags", "properties", "metadata", "spec", "kind", "resourceType",
            "ARN", "configuration", "resource", "data", "items", "finding_id", "handler", "params", "dry_run",
            "policy_id", "resource_id", "selector", "expires_at", "duration_minutes", "action_id", "__proto__", ""};
        return keys[random.nextInt(keys.length)];
    }

    JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 7 : 10)) {
            case 0 -> N.nullNode();
            case 1 -> N.booleanNode(random.nextBoolean());
            case 2 -> N.numberNode(random.nextLong());
            case 3 -> N.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> N.textNode(TOKENS[random.nextInt(TOKENS.length)]);
            case 5 -> N.textNode("2026-01-01T00:00:00Z");
            case 6 -> N.textNode("a".repeat(random.nextInt(300)));
            case 7 -> { ArrayNode a = N.arrayNode(); int n = random.nextInt(4); for (int i = 0; i < n; i++) a.add(randomValue(depth + 1)); yield a; }
            case 8 -> { ObjectNode o = N.objectNode(); int n = random.nextInt(4); for (int i = 0; i < n; i++) o.set(randomKey(), randomValue(depth + 1)); yield o; }
            default -> {
                JsonNode deep = N.textNode("bottom");
                int levels = 1 + random.nextInt(200);
                for (int i = 0; i < levels; i++) deep = random.nextBoolean() ? N.arrayNode().add(deep) : N.objectNode().set("a", deep);
                yield deep;
            }
        };
    }
}
