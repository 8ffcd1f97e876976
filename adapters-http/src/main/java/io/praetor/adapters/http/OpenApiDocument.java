package io.praetor.adapters.http;

import io.praetor.ports.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, built from the same route table the server registers, so
 * a route cannot be served without being documented (a test also probes every documented route).
 */
final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z0-9_]+)}");

    private OpenApiDocument() {}

    static Map<String, Object> of(List<RouteSpec> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "Praetor API", "version", "v1",
                "description", "Cloud governance: detect, decide, act, evidence. Errors are RFC 9457 problem+json."));
        Map<String, Object> paths = new TreeMap<>();
        for (RouteSpec r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("operationId", operationId(r));
            List<Object> params = new ArrayList<>();
            Matcher m = PARAM.matcher(r.path());
            while (m.find()) {
                params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
            }
            if (r.method().equals("POST") || r.method().equals("PUT")) {
                params.add(Map.of("name", "Idempotency-Key", "in", "header", "required", false,
                        "schema", Map.of("type", "string", "maxLength", 255)));
            }
            if (!params.isEmpty()) op.put("parameters", params);
            switch (r.body()) {
                case JSON -> op.put("requestBody", Map.of("required", false,
                        "content", Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
                case POLICY -> op.put("requestBody", Map.of("required", true, "content", Map.of(
                        "application/yaml", Map.of("schema", Map.of("type", "string")),
                        "application/json", Map.of("schema", Map.of("type", "object")))));
                case INVENTORY -> op.put("requestBody", Map.of("required", true, "content", Map.of(
                        "application/json", Map.of("schema", Map.of()),
                        "application/x-ndjson", Map.of("schema", Map.of("type", "string")))));
                case NONE -> { }
            }
            if (!r.open()) {
                op.put("security", List.of(Map.of("bearer", List.of())));
                op.put("x-praetor-roles", r.anyOf().stream().map(Role::wireName).sorted().toList());
            }
            op.put("responses", Map.of(
                    "default", Map.of("description", "A problem", "content",
                            Map.of(Problems.MEDIA_TYPE, Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))),
                    "2XX", Map.of("description", "Success")));
            item.put(r.method().toLowerCase(Locale.ROOT), op);
        }
        doc.put("paths", paths);
        doc.put("components", Map.of(
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
                "schemas", Map.of("Problem", Map.of("type", "object",
                        "required", List.of("type", "title", "status"),
                        "properties", Map.of(
                                "type", Map.of("type", "string"), "title", Map.of("type", "string"),
                                "status", Map.of("type", "integer"), "detail", Map.of("type", "string"),
                                "instance", Map.of("type", "string"), "errors", Map.of("type", "array"))))));
        return doc;
    }

    private static String operationId(RouteSpec r) {
        String cleaned = r.path().replace("/api/v1", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        return r.method().toLowerCase(Locale.ROOT) + "_" + (cleaned.isEmpty() ? "root" : cleaned);
    }
}
