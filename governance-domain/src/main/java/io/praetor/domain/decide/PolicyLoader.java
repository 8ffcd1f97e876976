package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.ExpressionLocator;
import io.praetor.domain.decide.engine.SourcePosition;
import io.praetor.ports.InputIssue;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.policy.PolicyVariable;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads policy documents (POLICY-FORMAT.md) from YAML text — several per text, separated by
 * {@code ---} — into {@link Policy} records. It checks structure only (keys, types, id pattern,
 * enumerations, required fields); CEL is compiled by the engine. Every problem is an
 * {@link InputIssue} with the 1-based line and column of the offending node, never an exception.
 * Stateless and thread-safe.
 */
public final class PolicyLoader {
    public static final String API_VERSION = "praetor.io/v1";
    public static final String KIND = "Policy";

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{3,80}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*(\\.\\*)?");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_TEXT = 4 * 1024 * 1024;

    private static final Set<String> TOP_KEYS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_KEYS = Set.of("id", "title", "description", "severity", "frameworks", "labels");
    private static final Set<String> SPEC_KEYS = Set.of("resource", "scope", "variables", "violation", "message",
            "risk", "params", "mode", "remediation", "tests");
    private static final Set<String> VARIABLE_KEYS = Set.of("name", "expression");
    private static final Set<String> REMEDIATION_KEYS = Set.of("handler", "params");
    private static final Set<String> TEST_KEYS = Set.of("name", "now", "resource", "expect");

    private final LoadSettings settings = LoadSettings.builder()
            .setLabel("policy")
            .setAllowDuplicateKeys(false)
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(MAX_TEXT)
            .build();

    /** Loads every document of {@code yaml}; {@code updatedAt} and {@code updatedBy} fill the stored metadata. */
    public PolicyParse load(String yaml) {
        return load(yaml, Instant.EPOCH, "");
    }

    public PolicyParse load(String yaml, Instant updatedAt, String updatedBy) {
        List<LoadedPolicy> policies = new ArrayList<>();
        List<InputIssue> issues = new ArrayList<>();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node node : new Compose(settings).composeAllFromString(yaml)) {
                documents.add(node);
            }
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            issues.add(InputIssue.at(mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                    "", "malformed YAML: " + e.getProblem()));
            return new PolicyParse(policies, issues);
        } catch (ReaderException e) {
            // a character YAML does not allow: the reader knows only its code point index
            int[] at = lineAndColumn(yaml, e.getPosition());
            issues.add(InputIssue.at(at[0], at[1], "", "malformed YAML: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed"));
            return new PolicyParse(policies, issues);
        } catch (YamlEngineException e) {
            issues.add(InputIssue.at(1, 1, "", "malformed YAML: " + e.getMessage()));
            return new PolicyParse(policies, issues);
        }
        if (documents.isEmpty()) {
            issues.add(InputIssue.at(1, 1, "", "no policy document"));
        }
        String[] lines = yaml.split("\r?\n", -1);
        for (Node document : documents) {
            Document doc = new Document(yaml, lines, documents.size() == 1);
            doc.read(document, updatedAt, updatedBy).ifPresent(policies::add);
            issues.addAll(doc.issues);
        }
        return new PolicyParse(policies, issues);
    }

    /** The 1-based line and column of the {@code codePointIndex}-th code point of {@code text}. */
    private static int[] lineAndColumn(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** The reading of one document; collects issues as it goes. */
    private final class Document {
        private final String text;
        private final String[] lines;
        private final boolean onlyDocument;
        private final List<InputIssue> issues = new ArrayList<>();
        private final Map<String, ExpressionLocator> locators = new LinkedHashMap<>();

        Document(String text, String[] lines, boolean onlyDocument) {
            this.text = text;
            this.lines = lines;
            this.onlyDocument = onlyDocument;
        }

        Optional<LoadedPolicy> read(Node root, Instant updatedAt, String updatedBy) {
            Map<String, NodeTuple> top = mapping(root, "", TOP_KEYS);
            if (top == null) return Optional.empty();
            String apiVersion = requiredString(top, root, "apiVersion", "apiVersion");
            if (apiVersion != null && !apiVersion.equals(API_VERSION)) {
                issue(top.get("apiVersion").getValueNode(), "apiVersion", "must be " + API_VERSION);
            }
            String kind = requiredString(top, root, "kind", "kind");
            if (kind != null && !kind.equals(KIND)) {
                issue(top.get("kind").getValueNode(), "kind", "must be " + KIND);
            }
            Node metadataNode = required(top, root, "metadata", "metadata");
            Node specNode = required(top, root, "spec", "spec");
            Map<String, NodeTuple> metadata = metadataNode == null ? null : mapping(metadataNode, "metadata", METADATA_KEYS);
            Map<String, NodeTuple> spec = specNode == null ? null : mapping(specNode, "spec", SPEC_KEYS);
            if (metadata == null || spec == null) return Optional.empty();

            String id = requiredString(metadata, metadataNode, "id", "metadata.id");
            if (id != null && !ID.matcher(id).matches()) {
                issue(metadata.get("id").getValueNode(), "metadata.id", "must match [a-z0-9-]{3,80}");
            }
            String title = requiredString(metadata, metadataNode, "title", "metadata.title");
            if (title != null && title.isBlank()) {
                issue(metadata.get("title").getValueNode(), "metadata.title", "must not be blank");
            }
            String description = optionalString(metadata, "description", "metadata.description").orElse("");
            Severity severity = null;
            String severityText = requiredString(metadata, metadataNode, "severity", "metadata.severity");
            if (severityText != null) {
                severity = Severity.fromWire(severityText).orElse(null);
                if (severity == null) {
                    issue(metadata.get("severity").getValueNode(), "metadata.severity",
                            "must be one of critical, high, medium, low, info");
                }
            }
            Map<String, List<String>> frameworks = frameworks(metadata.get("frameworks"));
            Map<String, String> labels = stringMap(metadata.get("labels"), "metadata.labels");

            List<String> types = resourceTypes(spec, specNode);
            Optional<String> scope = expression(spec, "scope", "spec.scope");
            List<PolicyVariable> variables = variables(spec.get("variables"));
            String violation = null;
            if (spec.containsKey("violation")) {
                violation = expression(spec, "violation", "spec.violation").orElse(null);
            } else {
                issue(specNode, "spec.violation", "is required");
            }
            Optional<String> message = optionalString(spec, "message", "spec.message");
            message.ifPresent(m -> locators.put("spec.message", locator((ScalarNode) spec.get("message").getValueNode())));
            Optional<String> risk = expression(spec, "risk", "spec.risk");
            Map<String, Object> params = jsonObject(spec.get("params"), "spec.params");
            PolicyMode mode = PolicyMode.MANUAL;
            Optional<String> modeText = optionalString(spec, "mode", "spec.mode");
            if (modeText.isPresent()) {
                mode = PolicyMode.fromWire(modeText.get()).orElse(null);
                if (mode == null) {
                    issue(spec.get("mode").getValueNode(), "spec.mode", "must be one of audit, manual, auto");
                }
            }
            Optional<Remediation> remediation = remediation(spec.get("remediation"));
            List<PolicyTestCase> tests = tests(spec.get("tests"));

            if (!issues.isEmpty()) return Optional.empty();
            String source = onlyDocument ? text : slice(root);
            Policy policy = new Policy(id, title, description, severity, frameworks, labels, types, scope, variables,
                    violation, message, risk, params, mode, remediation, tests, source, 0, updatedAt, updatedBy);
            return Optional.of(new LoadedPolicy(policy, locators));
        }

        private String slice(Node root) {
            int from = root.getStartMark().map(Mark::getIndex).orElse(0);
            int to = root.getEndMark().map(Mark::getIndex).orElse(text.length());
            // Marks index code points; the texts here are policy documents, where that equals chars
            // unless they hold characters outside the BMP, so fall back to the whole text then.
            if (text.codePointCount(0, text.length()) != text.length() || from > to || to > text.length()) {
                return text;
            }
            return text.substring(from, to).strip() + "\n";
        }

        // ---- structure ----

        private Map<String, NodeTuple> mapping(Node node, String field, Set<String> allowed) {
            if (!(node instanceof MappingNode map)) {
                issue(node, field, "must be a mapping");
                return null;
            }
            Map<String, NodeTuple> out = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    issue(keyNode, field, "keys must be strings");
                    continue;
                }
                String name = key.getValue();
                String path = field.isEmpty() ? name : field + "." + name;
                if (allowed != null && !allowed.contains(name)) {
                    issue(keyNode, path, "unknown key '" + name + "'");
                    continue;
                }
                if (out.put(name, tuple) != null) {
                    issue(keyNode, path, "duplicate key '" + name + "'");
                }
            }
            return out;
        }

        private Node required(Map<String, NodeTuple> map, Node parent, String key, String field) {
            NodeTuple tuple = map.get(key);
            if (tuple == null) {
                issue(parent, field, "is required");
                return null;
            }
            return tuple.getValueNode();
        }

        private String requiredString(Map<String, NodeTuple> map, Node parent, String key, String field) {
            Node node = required(map, parent, key, field);
            return node == null ? null : string(node, field);
        }

        private Optional<String> optionalString(Map<String, NodeTuple> map, String key, String field) {
            NodeTuple tuple = map.get(key);
            return tuple == null ? Optional.empty() : Optional.ofNullable(string(tuple.getValueNode(), field));
        }

        private String string(Node node, String field) {
            if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                return s.getValue();
            }
            issue(node, field, "must be a string");
            return null;
        }

        private Optional<String> expression(Map<String, NodeTuple> map, String key, String field) {
            Optional<String> text = optionalString(map, key, field);
            if (text.isPresent()) {
                if (text.get().isBlank()) {
                    issue(map.get(key).getValueNode(), field, "must not be empty");
                    return Optional.empty();
                }
                locators.put(field, locator((ScalarNode) map.get(key).getValueNode()));
            }
            return text;
        }

        private List<String> resourceTypes(Map<String, NodeTuple> spec, Node specNode) {
            Node node = required(spec, specNode, "resource", "spec.resource");
            if (node == null) return List.of();
            List<String> types = new ArrayList<>();
            if (node instanceof SequenceNode seq) {
                if (seq.getValue().isEmpty()) issue(node, "spec.resource", "must name at least one resource type");
                for (Node item : seq.getValue()) {
                    String t = string(item, "spec.resource");
                    if (t != null) types.add(checkType(item, t));
                }
            } else {
                String t = string(node, "spec.resource");
                if (t != null) types.add(checkType(node, t));
            }
            return types;
        }

        private String checkType(Node node, String type) {
            if (!TYPE.matcher(type).matches()) {
                issue(node, "spec.resource", "'" + type + "' is not a resource type (provider.service.kind, lower case, optional .* suffix)");
            }
            return type;
        }

        private List<PolicyVariable> variables(NodeTuple tuple) {
            if (tuple == null) return List.of();
            if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
                issue(tuple.getValueNode(), "spec.variables", "must be a list of {name, expression}");
                return List.of();
            }
            List<PolicyVariable> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String field = "spec.variables[" + i + "]";
                Map<String, NodeTuple> map = mapping(item, field, VARIABLE_KEYS);
                if (map == null) continue;
                String name = requiredString(map, item, "name", field + ".name");
                if (name != null && !VARIABLE_NAME.matcher(name).matches()) {
                    issue(map.get("name").getValueNode(), field + ".name", "must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
                } else if (name != null && !names.add(name)) {
                    issue(map.get("name").getValueNode(), field + ".name", "duplicate variable '" + name + "'");
                }
                String expr = null;
                if (map.containsKey("expression")) {
                    expr = expression(map, "expression", field + ".expression").orElse(null);
                } else {
                    issue(item, field + ".expression", "is required");
                }
                if (name != null && expr != null) out.add(new PolicyVariable(name, expr));
            }
            return out;
        }

        private Map<String, List<String>> frameworks(NodeTuple tuple) {
            if (tuple == null) return Map.of();
            Map<String, NodeTuple> map = mapping(tuple.getValueNode(), "metadata.frameworks", null);
            if (map == null) return Map.of();
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
                String field = "metadata.frameworks." + e.getKey();
                Node value = e.getValue().getValueNode();
                List<String> controls = new ArrayList<>();
                if (value instanceof SequenceNode seq) {
                    for (Node item : seq.getValue()) {
                        String s = string(item, field);
                        if (s != null) controls.add(s);
                    }
                } else {
                    issue(value, field, "must be a list of control ids");
                }
                out.put(e.getKey(), controls);
            }
            return out;
        }

        private Map<String, String> stringMap(NodeTuple tuple, String field) {
            if (tuple == null) return Map.of();
            Map<String, NodeTuple> map = mapping(tuple.getValueNode(), field, null);
            if (map == null) return Map.of();
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : map.entrySet()) {
                Node value = e.getValue().getValueNode();
                if (value instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                    out.put(e.getKey(), s.getValue());
                } else {
                    issue(value, field + "." + e.getKey(), "must be a string");
                }
            }
            return out;
        }

        private Map<String, Object> jsonObject(NodeTuple tuple, String field) {
            if (tuple == null) return Map.of();
            return jsonObject(tuple.getValueNode(), field);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> jsonObject(Node node, String field) {
            if (!(node instanceof MappingNode)) {
                issue(node, field, "must be a mapping");
                return Map.of();
            }
            Object value = json(node, field);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        /** Converts a YAML subtree to a JSON tree (the core schema gives ints, floats, bools, nulls). */
        private Object json(Node node, String field) {
            Object constructed;
            try {
                constructed = new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
            } catch (YamlEngineException e) {
                issue(node, field, "cannot be read: " + e.getMessage());
                return null;
            }
            try {
                return JsonTrees.freeze(constructed);
            } catch (RuntimeException e) {
                issue(node, field, "must be JSON data (maps with string keys, lists, strings, numbers, booleans, null)");
                return null;
            }
        }

        private Optional<Remediation> remediation(NodeTuple tuple) {
            if (tuple == null) return Optional.empty();
            Node node = tuple.getValueNode();
            Map<String, NodeTuple> map = mapping(node, "spec.remediation", REMEDIATION_KEYS);
            if (map == null) return Optional.empty();
            String handler = requiredString(map, node, "handler", "spec.remediation.handler");
            Map<String, Object> params = map.containsKey("params")
                    ? jsonObject(map.get("params").getValueNode(), "spec.remediation.params") : Map.of();
            return handler == null ? Optional.empty() : Optional.of(new Remediation(handler, params));
        }

        private List<PolicyTestCase> tests(NodeTuple tuple) {
            if (tuple == null) return List.of();
            if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
                issue(tuple.getValueNode(), "spec.tests", "must be a list of tests");
                return List.of();
            }
            List<PolicyTestCase> out = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String field = "spec.tests[" + i + "]";
                Map<String, NodeTuple> map = mapping(item, field, TEST_KEYS);
                if (map == null) continue;
                String name = requiredString(map, item, "name", field + ".name");
                Optional<Instant> now = Optional.empty();
                Optional<String> nowText = optionalString(map, "now", field + ".now");
                if (nowText.isPresent()) {
                    try {
                        now = Optional.of(OffsetDateTime.parse(nowText.get()).toInstant());
                    } catch (DateTimeParseException e) {
                        issue(map.get("now").getValueNode(), field + ".now", "must be an RFC 3339 time, e.g. 2026-01-01T00:00:00Z");
                    }
                }
                Node resourceNode = required(map, item, "resource", field + ".resource");
                Map<String, Object> resource = resourceNode == null ? null : jsonObject(resourceNode, field + ".resource");
                String expectText = requiredString(map, item, "expect", field + ".expect");
                PolicyTestCase.Expectation expect = null;
                if (expectText != null) {
                    for (PolicyTestCase.Expectation e : PolicyTestCase.Expectation.values()) {
                        if (e.wireName().equals(expectText)) expect = e;
                    }
                    if (expect == null) {
                        issue(map.get("expect").getValueNode(), field + ".expect", "must be one of violation, pass, out_of_scope");
                    }
                }
                if (name != null && resource != null && expect != null) {
                    out.add(new PolicyTestCase(name, now, resource, expect));
                }
            }
            return out;
        }

        // ---- positions ----

        private void issue(Node node, String field, String message) {
            SourcePosition p = position(node);
            issues.add(InputIssue.at(p.line(), p.column(), field, message));
        }

        private SourcePosition position(Node node) {
            return node.getStartMark()
                    .map(m -> new SourcePosition(m.getLine() + 1, m.getColumn() + 1))
                    .orElse(SourcePosition.UNKNOWN);
        }

        /** Where the expression's text starts, given how the scalar is written. */
        private ExpressionLocator locator(ScalarNode node) {
            SourcePosition start = position(node);
            if (start.line() == 0) return ExpressionLocator.NONE;
            ScalarStyle style = node.getScalarStyle();
            return switch (style) {
                case PLAIN -> ExpressionLocator.startingAt(start);
                case SINGLE_QUOTED, DOUBLE_QUOTED, JSON_SCALAR_STYLE ->
                        ExpressionLocator.startingAt(new SourcePosition(start.line(), start.column() + 1));
                case LITERAL, FOLDED -> blockLocator(node, start, style == ScalarStyle.FOLDED);
            };
        }

        /**
         * Block scalars start on the line after the indicator. A literal keeps its lines; a folded
         * one joins them with spaces, so an offset on its first CEL line is walked across source lines.
         */
        private ExpressionLocator blockLocator(ScalarNode node, SourcePosition indicator, boolean folded) {
            int endLine = node.getEndMark().map(m -> m.getLine() + 1).orElse(indicator.line() + 1);
            List<int[]> content = new ArrayList<>(); // {line, indentColumn(1-based), length}
            int blockIndent = -1;
            for (int line = indicator.line() + 1; line <= Math.min(endLine, lines.length); line++) {
                String s = lines[line - 1];
                if (s.isBlank()) continue;
                if (blockIndent < 0) {
                    blockIndent = 0;
                    while (blockIndent < s.length() && s.charAt(blockIndent) == ' ') blockIndent++;
                }
                content.add(new int[] {line, blockIndent + 1, s.length() - blockIndent});
            }
            if (content.isEmpty()) return ExpressionLocator.startingAt(indicator);
            return (line, column) -> {
                if (!folded) {
                    int[] c = content.get(Math.min(Math.max(line, 1), content.size()) - 1);
                    return new SourcePosition(c[0], c[1] + column);
                }
                int remaining = column;
                for (int[] c : content) {
                    if (remaining <= c[2]) return new SourcePosition(c[0], c[1] + remaining);
                    remaining -= c[2] + 1;
                }
                int[] last = content.get(content.size() - 1);
                return new SourcePosition(last[0], last[1] + last[2]);
            };
        }
    }
}
