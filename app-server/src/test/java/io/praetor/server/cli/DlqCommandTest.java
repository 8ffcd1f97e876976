package io.praetor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.Role;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code praetor dlq list|redrive} against a running server whose webhook refuses, so its action fails. */
class DlqCommandTest {
    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @SuppressWarnings("unchecked")
    void listShowsTheFailedAction_andRedriveQueuesItAgain_forAnAdminOnly() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "no such queue".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        refusing.start();
        var config = ConfigLoader.load(Map.of("PRAETOR_DATA_DIR", data.toString(), "PRAETOR_PORT", "0",
                "PRAETOR_RATE_LIMIT", "off",
                "PRAETOR_WEBHOOKS", "ticket=http://127.0.0.1:" + refusing.getAddress().getPort() + "/hook"), Optional.empty());
        try (PraetorServer server = ServerComponent.create(config, InstantSource.system()).server().start()) {
            String admin = server.devToken("default", "olivia", Set.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER), Duration.ofMinutes(10)).orElseThrow();
            String bob = server.devToken("default", "bob", Set.of(Role.APPROVER, Role.VIEWER), Duration.ofMinutes(10)).orElseThrow();
            Path policy = Path.of("..", "examples", "policies", "s3-no-public-acl.yaml");
            if (!Files.exists(policy)) policy = Path.of("examples", "policies", "s3-no-public-acl.yaml");
            assertThat(send(server, "PUT", "/api/v1/policies/s3-no-public-acl", admin, "application/yaml",
                    Files.readString(policy)).statusCode()).isEqualTo(200);
            String id = "arn:aws:s3:::open-bucket";
            assertThat(send(server, "PUT", "/api/v1/resources/" + ResourceKeys.keyOf(id), admin, "application/json",
                    "{\"id\":\"" + id + "\",\"type\":\"aws.s3.bucket\",\"name\":\"open-bucket\",\"properties\":"
                            + "{\"supplementaryConfiguration\":{\"AccessControlList\":{\"grantList\":[{\"grantee\":\"AllUsers\","
                            + "\"permission\":\"Read\"}]}}}}").statusCode()).isBetween(200, 201);
            var findings = JsonTreeReader.readObject(send(server, "GET", "/api/v1/findings?status=open", admin, null, null).body()
                    .getBytes(StandardCharsets.UTF_8));
            String findingId = (String) ((List<Map<String, Object>>) findings.get("items")).getFirst().get("id");
            var created = send(server, "POST", "/api/v1/actions", admin, "application/json",
                    "{\"finding_id\":\"" + findingId + "\",\"dry_run\":false}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String actionId = (String) JsonTreeReader.readObject(created.body().getBytes(StandardCharsets.UTF_8)).get("id");
            await(server, admin, actionId, "planned");
            assertThat(send(server, "POST", "/api/v1/actions/" + actionId + "/approve", bob, "application/json", "{}").statusCode())
                    .isEqualTo(200);
            await(server, admin, actionId, "failed");

            var list = CliTestSupport.run("dlq", "list", "--server", server.url(), "--token", admin);
            assertThat(list.exitCode()).as(list.err()).isZero();
            assertThat(list.out()).contains(actionId + "\thttp.webhook\t" + id).contains("400");
            var json = CliTestSupport.run("dlq", "list", "--json", "--server", server.url(), "--token", admin);
            assertThat(JsonTreeReader.readObject(json.out().getBytes(StandardCharsets.UTF_8)).get("items").toString())
                    .contains(actionId);

            var refused = CliTestSupport.run("dlq", "redrive", actionId, "--server", server.url(), "--token", bob);
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).contains("answered 403");

            var redriven = CliTestSupport.run("dlq", "redrive", actionId, "--server", server.url(), "--token", admin);
            assertThat(redriven.exitCode()).as(redriven.err()).isZero();
            assertThat(redriven.out()).startsWith(actionId + "\t");
            await(server, admin, actionId, "planned");
            assertThat(CliTestSupport.run("dlq", "list", "--server", server.url(), "--token", admin).out())
                    .contains("no failed actions");
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void withoutAToken_itSaysSo() {
        var run = CliTestSupport.run("dlq", "list", "--server", "http://127.0.0.1:9", "--token", "");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--token");
    }

    private void await(PraetorServer server, String token, String actionId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = send(server, "GET", "/api/v1/actions/" + actionId, token, null, null).body();
            if (body.contains("\"state\":\"" + state + "\"")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("not " + state + ": " + body);
    }

    private HttpResponse<String> send(PraetorServer server, String method, String path, String token, String type, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
