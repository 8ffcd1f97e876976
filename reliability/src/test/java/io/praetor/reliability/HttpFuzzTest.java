package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every registered route over HTTP against the wired server: mutated JSON/YAML
 * bodies, random path ids, query parameters, headers (Content-Type, Accept, Idempotency-Key,
 * Last-Event-ID on the streams) and tokens. The server must answer within 10 s with 2xx, or 4xx
 * as problem+json whose status matches; never 5xx (the AI routes excepted: in this build they
 * and the sync of a live source whose endpoint is unreachable answer 503 dependency-unavailable by
 * design, and only that is accepted). A rejected write must
 * leave the tenant's state (ledger, every list) exactly as it was.
 */
@Order(2)
class HttpFuzzTest {
    private static final int PER_ROUTE = Budget.of(500, 5_000);
    /** One rejected write in four is checked for no state change (8 reads each; checking all made the full form take hours). */
    private static final int CHECK_EVERY = 4;
    private static WebhookSink sink;
    private static TestServer api;
    private static Seed seed;

    @BeforeAll
    static void start() {
        sink = new WebhookSink();
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url()));
        seed = Seed.create(api, "fuzz");
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    private static final String[] QUERY_KEYS = {"limit", "cursor", "sort", "state", "status", "severity", "policy_id",
        "resource_id", "resource_type", "format", "type", "provider", "account", "region", "full", "from", "to", "seq",
        "tree_size", "window", "deep", "tag.team", "q", "id", "action_id", "framework", "source", "access_token"};
    private static final String[] VALUES = {"", "0", "-1", "1", "500", "501", "99999999999999999999", "abc", "true",
        "false", "%", "%ZZ", "%00", "-risk_score", "risk_score", "open", "planned", "aws-config", "praetor", "custodian",
        "aws.s3", "30d", "0d", "1e9", "../../x", "' OR 1=1 --", "\u00e9", "\uD83D\uDE00", "a".repeat(3000), "null",
        "2026-01-01T00:00:00Z", "[]", "{}"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/x-ndjson", "application/yaml",
        "text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/xml", "",
        "application/json;;;", "*/*"};

    @Test
    void everyRoute_answers2xxOr4xxProblem_neverHangs_andRejectedWritesChangeNothing() {
        List<String> routes = api.server.api().registeredRoutes();
        assertThat(routes).hasSizeGreaterThan(40);
        Random random = new Random(Budget.seed() ^ 0x4777);
        Mutator m = new Mutator(Budget.seed() ^ 0x4778);
        String state = null;  // the tenant's settled fingerprint, taken lazily before a checked write
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> byStatus = new LinkedHashMap<>();
        long runs = 0;
        long failed = 0;
        long rejectedWrites = 0;
        String previous = "";  // a closed connection is usually the doing of the request before it on that connection
        long start = System.nanoTime();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            // POSTs that only compute (validate, test, AI, dev tokens) change nothing: no settling needed after them
            boolean write = !method.equals("GET") && !template.contains("policies:") && !template.contains("/dev/token");
            // routes whose answer depends on something outside the server: the model, a live source's endpoint
            // (none reachable in this test); they may answer 503 dependency-unavailable, as documented
            boolean upstream = template.contains("/ai/") || template.contains("/assistant/")
                    || template.endsWith("/inventory/sources/{id}/sync");
            for (int i = 0; i < PER_ROUTE; i++) {
                Request req = generate(method, template, random, m);
                boolean checked = write && i % CHECK_EVERY == 0;
                if (checked && state == null) state = Seed.stableFingerprint(api, seed.admin());
                TestServer.Res r = api.send(method, req.path, req.token, req.headers, req.body, Duration.ofSeconds(10));
                runs++;
                byStatus.merge(r.status(), 1, Integer::sum);
                String problem = check(r, upstream);
                if (r.status() <= 0) problem += " (the request before it: " + previous + ")";
                if (problem == null && checked && r.status() >= 400) {
                    rejectedWrites++;
                    String after = Seed.fingerprint(api, seed.admin());
                    if (!after.equals(state)) problem = "state changed by a rejected request: " + diff(state, after);
                } else if (write && r.status() < 400) {
                    state = null;
                }
                if (problem != null) {
                    failed++;
                    if (failures.size() < 20) {
                        String shown = new String(req.body, StandardCharsets.UTF_8);
                        failures.add(route + " -> " + r.status() + ": " + problem + "\n    " + method + " " + req.path
                                + " " + req.headers + " body: " + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown)
                                + "\n    answer: " + (r.body().length() > 300 ? r.body().substring(0, 300) : r.body()));
                    }
                    // resynchronise, so one failure is not reported on every later request
                    state = null;
                }
                previous = r.status() + " " + method + " " + abbreviate(req.path) + " " + req.headers.keySet() + " body " + req.body.length + " B";
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        ReliabilityReport.record("fuzz: HTTP, every route (" + routes.size() + " routes)" + (Budget.slow() ? ", full form" : ""), runs, failed, 0,
                PER_ROUTE + " per route; " + rejectedWrites + " rejected writes checked for no state change; statuses "
                        + byStatus + "; " + ms + " ms");
        assertThat(failures).isEmpty();
    }

    private record Request(String path, Optional<String> token, Map<String, String> headers, byte[] body) {}

    private static Request generate(String method, String template, Random random, Mutator m) {
        String p = template.replace("/api/v1", "");
        String path = template
                .replace("{key}", pick(random, seed.resourceKey(), junk(random)))
                .replace("{sha256}", pick(random, "0".repeat(64), junk(random)))
                .replace("{id}", pick(random, idFor(p), junk(random)));
        StringBuilder query = new StringBuilder(p.equals("/inventory/snapshots") && random.nextInt(4) > 0
                ? "?format=" + pick(random, "aws-config", "custodian", "praetor", "kubernetes", "azure-resource-graph", "gcp-asset") : "");
        int params = random.nextInt(3) == 0 ? 0 : random.nextInt(4);
        for (int i = 0; i < params; i++) {
            query.append(query.isEmpty() ? '?' : '&').append(QUERY_KEYS[random.nextInt(QUERY_KEYS.length)]).append('=')
                    .append(encodeMaybe(random, VALUES[random.nextInt(VALUES.length)]));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        boolean yaml = p.startsWith("/policies");
        if (!method.equals("GET") && !method.equals("DELETE")) {
            headers.put("Content-Type", random.nextInt(5) == 0 ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]
                    : yaml ? "application/yaml" : "application/json");
        }
        if (random.nextInt(3) == 0) headers.put("Idempotency-Key", pick(random, "k-" + random.nextInt(5), junkHeader(random)));
        if (p.endsWith("/events") || random.nextInt(10) == 0) {
            headers.put("Last-Event-ID", pick(random, "0", "1", "2", "-1", "9223372036854775807", "99999999999999999999",
                    "abc", "1.5", " 3", junkHeader(random)));
        }
        if (random.nextInt(8) == 0) headers.put("Accept", pick(random, "text/event-stream", "application/xml", "*/*", junkHeader(random)));
        if (random.nextInt(10) == 0) headers.put("X-Request-Id", junkHeader(random));
        Optional<String> token = switch (random.nextInt(20)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(junkHeader(random));
            case 2 -> Optional.of(seed.viewer());
            default -> Optional.of(seed.admin());
        };
        byte[] body = new byte[0];
        if (method.equals("POST") || method.equals("PUT")) {
            String sample = sampleBody(method, p);
            body = switch (random.nextInt(10)) {
                case 0 -> new byte[0];
                case 1 -> sample.getBytes(StandardCharsets.UTF_8);
                default -> m.mutateBytes(sample);
            };
        }
        return new Request(path + query, token, headers, body);
    }

    private static String idFor(String p) {
        if (p.startsWith("/actions")) return seed.actionId();
        if (p.startsWith("/elevations")) return seed.elevationId();
        if (p.startsWith("/exemptions")) return seed.exemptionId();
        if (p.startsWith("/policies")) return seed.policyId();
        if (p.startsWith("/findings")) return seed.findingId();
        return "s3-live";
    }

    private static String sampleBody(String method, String p) {
        return switch (p) {
            case "/dev/token" -> "{\"tenant\":\"fuzz\",\"roles\":[\"viewer\"],\"sub\":\"x\"}";
            case "/inventory/snapshots" -> Samples.INVENTORIES.get(1).text();
            case "/inventory/sources" -> "{\"id\":\"s3-live\",\"kind\":\"s3\",\"region\":\"eu-west-1\",\"schedule\":\"15m\"}";
            case "/resources/{key}" -> "{\"id\":\"arn:aws:s3:::fuzz-bucket\",\"type\":\"aws.s3.bucket\",\"name\":\"fuzz\","
                    + "\"region\":\"eu-west-1\",\"account\":\"1\",\"tags\":{\"a\":\"b\"},\"properties\":{\"x\":1}}";
            case "/policies/{id}", "/policies:validate", "/policies:test" -> Seed.POLICY;
            case "/exemptions" -> "{\"policy_id\":\"s3-no-public-acl\",\"resource_id\":\"" + seed.resourceId()
                    + "\",\"reason\":\"fuzz\",\"expires_at\":\"2099-01-01T00:00:00Z\"}";
            case "/actions" -> "{\"finding_id\":\"" + seed.findingId() + "\",\"dry_run\":true,\"reason\":\"fuzz\"}";
            case "/actions/{id}/approve" -> "{\"comment\":\"ok\"}";
            case "/elevations" -> "{\"reason\":\"fuzz\",\"duration_minutes\":30,\"action_id\":\"" + seed.actionId() + "\"}";
            case "/ai/analyses" -> "{\"scope\":{\"policy_id\":\"s3-no-public-acl\"}}";
            case "/ai/policies:generate" -> "{\"prompt\":\"buckets must be private\",\"resource_type\":\"aws.s3.bucket\"}";
            case "/assistant/chat" -> "{\"messages\":[{\"role\":\"user\",\"content\":\"what is at risk?\"}]}";
            default -> "{}";
        };
    }

    /** Null when the answer is one the contract allows, else what is wrong with it. */
    private static String check(TestServer.Res r, boolean upstream) {
        if (r.status() <= 0) return r.body();
        if (r.status() >= 500) {
            if (upstream && r.status() == 503 && r.body().contains("dependency-unavailable")) return null;
            return "server error";
        }
        if (r.status() < 200 || r.status() >= 300 && r.status() < 400) return "unexpected status";
        if (r.status() >= 400) {
            if (!r.contentType().startsWith("application/problem+json")) return "error not problem+json: " + r.contentType();
            Map<String, Object> p;
            try {
                p = r.json();
            } catch (AssertionError e) {
                return "problem body is not JSON";
            }
            if (!Long.valueOf(r.status()).equals(p.get("status"))) return "problem status " + p.get("status");
            if (!(p.get("type") instanceof String t) || !t.startsWith("https://praetor.dev/problems/")) return "problem type " + p.get("type");
            if (r.body().contains("\tat ") || r.body().contains("Exception")) return "stack trace on the wire";
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private static String diff(String before, String after) {
        String[] a = before.split("\n");
        String[] b = after.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                String x = a[i].length() > 200 ? a[i].substring(0, 200) : a[i];
                String y = b[i].length() > 200 ? b[i].substring(0, 200) : b[i];
                return x + " => " + y;
            }
        }
        return "(lengths differ)";
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String junk(Random random) {
        return URLEncoder.encode(pick(random, "x", "", "..", "%2e%2e", "a".repeat(2000), "\u0000", "' OR 1=1",
                "00000000-0000-0000-0000-000000000000", seed.actionId() + "x", "\uD83D\uDE00", "-1", "null"), StandardCharsets.UTF_8);
    }

    private static String junkHeader(Random random) {
        return pick(random, "x", "a".repeat(4000), "Bearer", "eyJhbGciOiJub25lIn0.e30.", "1,2", "a b  c");
    }

    private static String encodeMaybe(Random random, String v) {
        // raw bad escapes ("%ZZ") cannot even leave the JDK client, so every value is encoded
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
