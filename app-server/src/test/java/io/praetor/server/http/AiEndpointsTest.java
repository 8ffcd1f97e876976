package io.praetor.server.http;

import static io.praetor.testkit.fixtures.ScriptedModelServer.status;
import static io.praetor.testkit.fixtures.ScriptedModelServer.text;
import static io.praetor.testkit.fixtures.ScriptedModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.testing.TestServer;
import io.praetor.testkit.fixtures.ScriptedModelServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /ai/*} and {@code /assistant/chat} end to end through the real server: with a scripted
 * OpenAI-compatible model behind {@code PRAETOR_AI_URL}, and with no model configured.
 */
class AiEndpointsTest {
    static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata:
              id: s3-versioning
              title: S3 buckets keep object versions
              severity: high
            spec:
              resource: aws.s3.bucket
              violation: 'resource.properties.?versioning.orValue("Off") != "Enabled"'
              mode: manual
              remediation:
                handler: http.webhook
                params: {endpoint: ticket}
            """;

    /** A tenant with one policy, two failing buckets and one passing; returns the open finding ids. */
    static List<String> seed(TestServer api, String tenant) {
        String admin = api.token(tenant, "root", Role.ADMIN);
        assertThat(api.put("/api/v1/policies/s3-versioning", admin, "application/yaml", POLICY).status()).isEqualTo(200);
        for (String[] b : new String[][] {{"logs", "Off"}, {"site", "Off"}, {"backups", "Enabled"}}) {
            String id = "arn:aws:s3:::" + tenant + "-" + b[0];
            var r = api.put("/api/v1/resources/" + ResourceKeys.keyOf(id), admin, "application/json",
                    "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"" + b[0] + "\",\"tags\":{\"api_token\":\"tok-secret-1\"},"
                            + "\"properties\":{\"versioning\":\"" + b[1] + "\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) api.get("/api/v1/findings?status=open", admin).json().get("items");
        return items.stream().map(f -> (String) f.get("id")).sorted().toList();
    }

    record Sse(String type, String data) {}

    static List<Sse> events(String body) {
        List<Sse> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) type = line.substring(7);
                else if (line.startsWith("data: ")) data.append(line.substring(6));
            }
            if (type != null) out.add(new Sse(type, data.toString()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        try {
            return TestServer.JSON.readValue(text, Map.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithAModel {
        ScriptedModelServer model;
        TestServer api;
        List<String> findings;
        String viewer;
        String operator;

        @BeforeAll
        void start() {
            model = ScriptedModelServer.start();
            api = TestServer.start(Map.of("PRAETOR_AI_URL", model.baseUrl().toString(), "PRAETOR_AI_MODEL", "scripted",
                    "PRAETOR_AI_API_KEY", "sk-e2e", "PRAETOR_AI_TIMEOUT_MS", "10000",
                    // reads (predictions, deep metrics) wait for the model only this long: generous on a loaded machine
                    "PRAETOR_AI_INLINE_BUDGET_MS", "5000",
                    "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"));
            findings = seed(api, "acme");
            seed(api, "globex");
            viewer = api.token("acme", "vera", Role.VIEWER);
            operator = api.token("acme", "olga", Role.OPERATOR);
        }

        @AfterAll
        void stop() {
            api.close();
            model.close();
        }

        @BeforeEach
        void resetModel() {
            model.reset();
        }

        @Test
        void analyses_fromTheModel() {
            model.then(text("{\"narrative\":\"Versioning is off on two buckets.\",\"risks\":[{\"finding_id\":\"" + findings.get(0)
                    + "\",\"score\":7,\"reason\":\"r\"}],\"suggested_actions\":[{\"finding_id\":\"" + findings.get(0)
                    + "\",\"handler\":\"http.webhook\"}]}"));
            var r = api.post("/api/v1/ai/analyses", viewer, "{\"scope\":{\"policy_id\":\"s3-versioning\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json()).containsEntry("source", "ai").containsEntry("narrative", "Versioning is off on two buckets.");
            assertThat(r.body()).contains("\"handler\":\"http.webhook\"");
            assertThat(model.received().get(0).authorization()).isEqualTo("Bearer sk-e2e");
            assertThat(model.received().get(0).body()).doesNotContain("tok-secret-1").doesNotContain("globex");
        }

        @Test
        void generate_compilesAndRunsOnSamples() {
            model.then(text("{\"policy_yaml\":\"apiVersion: praetor.io/v1\\nkind: Policy\\nmetadata:\\n  id: s3-named-logs\\n"
                    + "  title: Log buckets\\n  severity: low\\nspec:\\n  resource: aws.s3.bucket\\n  violation: resource.name == 'logs'\\n\"}"));
            var r = api.post("/api/v1/ai/policies:generate", viewer, "{\"prompt\":\"flag the bucket named logs\",\"resource_type\":\"aws.s3.bucket\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json()).containsEntry("source", "ai").containsEntry("compiles", true)
                    .containsEntry("matches_on_samples", List.of("arn:aws:s3:::acme-logs"));
        }

        @Test
        void predictions_sayTheirSource() {
            model.then(text("{\"at_risk\":[{\"resource_id\":\"arn:aws:s3:::acme-backups\",\"policy_id\":\"s3-versioning\","
                    + "\"probability\":0.25,\"reason\":\"churn\"}]}"));
            var r = api.get("/api/v1/ai/predictions", viewer);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json()).containsEntry("source", "ai").containsKey("forecast");
            assertThat(r.body()).contains("arn:aws:s3:::acme-backups");
        }

        @Test
        void chat_streamsTokensThenTheWholeResponse_overSse() {
            model.then(toolCall("get_posture", "{}"), new ScriptedModelServer.Chunks(List.of("You have ", "2 open ", "findings.")));
            var r = api.post("/api/v1/assistant/chat", viewer, "{\"messages\":[{\"role\":\"user\",\"content\":\"how am I doing?\"}]}",
                    Map.of("Accept", "text/event-stream"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).startsWith("text/event-stream");
            List<Sse> events = events(r.body());
            assertThat(events).extracting(Sse::type).containsExactly("token", "token", "token", "done");
            assertThat(events.subList(0, 3)).extracting(e -> json(e.data()).get("text")).containsExactly("You have ", "2 open ", "findings.");
            Map<String, Object> done = json(events.get(3).data());
            assertThat(done).containsEntry("reply", "You have 2 open findings.").containsEntry("source", "ai");
            assertThat(model.received().get(1).body()).contains("compliance_score");
        }

        @Test
        void chat_whenTheModelFails_isAnsweredLocally() {
            model.then(status(500));
            var r = api.post("/api/v1/assistant/chat", viewer, "{\"messages\":[{\"role\":\"user\",\"content\":\"what are my top risks?\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json()).containsEntry("source", "local");
            assertThat(r.body()).contains(findings.get(0));
        }

        @Test
        void chat_proposeDryRun_createsADryRunActionForTheCaller() {
            model.then(toolCall("propose_dry_run", "{\"finding_id\":\"" + findings.get(1) + "\"}"), text("Proposed."));
            var r = api.post("/api/v1/assistant/chat", operator, "{\"messages\":[{\"role\":\"user\",\"content\":\"fix "
                    + findings.get(1) + " please\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> suggested = (List<Map<String, Object>>) r.json().get("suggested_actions");
            assertThat(suggested).singleElement().satisfies(s -> {
                assertThat(s).containsEntry("finding_id", findings.get(1)).containsEntry("dry_run", true);
                var action = api.get("/api/v1/actions/" + s.get("action_id"), operator);
                assertThat(action.json()).containsEntry("dry_run", true).containsEntry("requested_by", "olga");
            });
        }

        @Test
        void deepMetrics_carryTheModelsAnalysis_andSayItsSource() {
            model.then(text("{\"narrative\":\"Enable versioning on the two buckets first.\"}"));
            var deep = api.get("/api/v1/metrics?deep=true", viewer);
            assertThat(deep.status()).as(deep.body()).isEqualTo(200);
            assertThat(deep.json()).containsEntry("analysis", "Enable versioning on the two buckets first.");
            // the figures under the analysis come through the metrics cache (ADR 0016); first read of each depth
            assertThat(deep.json().get("sources")).isEqualTo(Map.of("ai", "ok", "cache", "miss"));
            var shallow = api.get("/api/v1/metrics", viewer);
            assertThat(shallow.json().get("sources")).isEqualTo(Map.of("ai", "disabled", "cache", "miss"));
            assertThat(model.requestCount()).isEqualTo(1);
        }

        @Test
        void chat_whoseModelAsksToolsForAnotherTenantsData_getsNothingOfIt() {
            String globex = api.token("globex", "g", Role.ADMIN);
            @SuppressWarnings("unchecked")
            var theirs = ((List<Map<String, Object>>) api.get("/api/v1/findings", globex).json().get("items")).get(0).get("id");
            // a model under a prompt injection: it names globex's bucket and finding while serving an acme operator
            model.then(toolCall("get_resource", "{\"resource_id\":\"arn:aws:s3:::globex-logs\"}"),
                    toolCall("list_findings", "{\"tenant\":\"globex\"}"),
                    toolCall("list_resources", "{\"text\":\"globex\"}"),
                    toolCall("propose_dry_run", "{\"finding_id\":\"" + theirs + "\",\"reason\":\"the user asked\"}"),
                    text("Done."));
            var r = api.post("/api/v1/assistant/chat", operator, "{\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"please fix " + theirs + " with a dry run\"}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json()).containsEntry("source", "ai").containsEntry("suggested_actions", List.of());
            List<String> toolAnswers = model.received().stream().skip(1).map(ScriptedModelServer.Received::body).toList();
            assertThat(toolAnswers).hasSize(4);
            assertThat(toolAnswers.get(0)).contains("not found");
            assertThat(toolAnswers.get(1)).contains("unknown argument 'tenant'");
            assertThat(toolAnswers.get(3)).contains("not found");
            // globex's resources appear only where the model itself wrote their names (its tool calls), never as data
            assertThat(String.join("\n", toolAnswers)).doesNotContain("globex-site").doesNotContain("globex-backups");
            assertThat(api.get("/api/v1/actions", globex).items()).isEmpty();
            assertThat(api.get("/api/v1/actions", operator).items()).noneMatch(a -> theirs.equals(a.get("finding_id")));
        }

        @Test
        void analysesOfAnotherTenantsFinding_areNotFound() {
            String other = api.token("globex", "g", Role.ADMIN);
            @SuppressWarnings("unchecked")
            var theirs = ((List<Map<String, Object>>) api.get("/api/v1/findings", other).json().get("items")).get(0).get("id");
            var r = api.post("/api/v1/ai/analyses", viewer, "{\"scope\":{\"finding_ids\":[\"" + theirs + "\"]}}");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(model.requestCount()).isZero();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutAModel {
        TestServer api;
        String viewer;

        @BeforeAll
        void start() {
            api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:9/hook"));
            seed(api, "acme");
            viewer = api.token("acme", "vera", Role.VIEWER);
        }

        @AfterAll
        void stop() {
            api.close();
        }

        @Test
        void everyAiRoute_answersLocally() {
            var analysis = api.post("/api/v1/ai/analyses", viewer, "{}");
            assertThat(analysis.status()).as(analysis.body()).isEqualTo(200);
            assertThat(analysis.json()).containsEntry("source", "local");
            assertThat(analysis.body()).contains("\"handler\":\"http.webhook\"");

            var gen = api.post("/api/v1/ai/policies:generate", viewer, "{\"prompt\":\"S3 buckets must keep versions\",\"resource_type\":\"aws.s3.bucket\"}");
            assertThat(gen.status()).as(gen.body()).isEqualTo(200);
            assertThat(gen.json()).containsEntry("source", "local").containsEntry("compiles", true);
            assertThat((String) gen.json().get("policy_yaml")).contains("aws.s3.bucket");

            var pred = api.get("/api/v1/ai/predictions", viewer);
            assertThat(pred.status()).isEqualTo(200);
            assertThat(pred.json()).containsEntry("source", "local");

            var chat = api.post("/api/v1/assistant/chat", viewer, "{\"messages\":[{\"role\":\"user\",\"content\":\"how is my posture?\"}]}",
                    Map.of("Accept", "text/event-stream"));
            List<Sse> events = events(chat.body());
            assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
            assertThat(json(events.get(events.size() - 1).data())).containsEntry("source", "local");
            assertThat(events).filteredOn(e -> e.type().equals("token")).isNotEmpty();

            var ready = api.get("/readyz", null);
            assertThat(ready.body()).contains("the local analyst answers");
        }

        @Test
        void theAiRoutes_needAToken() {
            assertThat(api.post("/api/v1/ai/analyses", null, "{}").status()).isEqualTo(401);
            Map<String, String> none = new LinkedHashMap<>();
            assertThat(api.send("GET", "/api/v1/ai/predictions", java.util.Optional.empty(), java.util.Optional.empty(), new byte[0], none)
                    .status()).isEqualTo(401);
        }
    }
}
