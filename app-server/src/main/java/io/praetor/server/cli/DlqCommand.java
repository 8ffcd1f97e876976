package io.praetor.server.cli;

import io.praetor.domain.json.JsonTreeReader;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code praetor dlq list|redrive}: the dead-letter queue of a running server. It is the set of
 * {@code failed} actions (API.md), read with {@code GET /actions?state=failed} and put back with
 * {@code POST /actions/{id}/redrive}, so it is the same on every bus.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Failed actions (the dead-letter queue) and their redrive.",
        subcommands = {DlqCommand.ListFailed.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "choose 'list' or 'redrive'");
    }

    /** --server and --token, shared by both verbs. */
    static final class ServerOptions {
        @Option(names = "--server", defaultValue = "${env:PRAETOR_SERVER:-http://127.0.0.1:8080}",
                description = "Server base URL (default: PRAETOR_SERVER or ${DEFAULT-VALUE}).")
        String server;

        @Option(names = "--token", defaultValue = "${env:PRAETOR_TOKEN}",
                description = "Bearer token (default: PRAETOR_TOKEN); its tenant is the one listed.")
        String token;

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Map<String, Object> call(String method, String path) {
            if (token == null || token.isBlank()) {
                throw new PraetorException(ErrorCode.VALIDATION, "--token: a token is required (or set PRAETOR_TOKEN)");
            }
            URI uri;
            try {
                uri = URI.create(server.replaceAll("/+$", "") + path);
            } catch (IllegalArgumentException e) {
                throw new PraetorException(ErrorCode.VALIDATION, "--server: '" + server + "' is not a URL");
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            if (method.equals("POST")) {
                b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            } else {
                b.GET();
            }
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "--server: cannot reach " + server + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
            }
            Map<String, Object> body = r.body().length == 0 ? Map.of() : JsonTreeReader.readObject(r.body());
            if (r.statusCode() / 100 != 2) {
                // RFC 9457 problem: say what the server said
                Object detail = body.getOrDefault("detail", body.getOrDefault("title", ""));
                throw new PraetorException(ErrorCode.VALIDATION, method + " " + path + " answered " + r.statusCode()
                        + (detail.toString().isEmpty() ? "" : ": " + detail));
            }
            return body;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Failed actions of the token's tenant: id, handler, resource, when, last error.")
    static final class ListFailed implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ServerOptions server = new ServerOptions();

        @Option(names = "--json", description = "Print {items:[…]} (every failed action as the API shows it).")
        boolean json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() {
            List<Map<String, Object>> all = new ArrayList<>();
            Optional<String> cursor = Optional.empty();
            do {
                String path = "/api/v1/actions?state=failed&limit=500"
                        + cursor.map(c -> "&cursor=" + URLEncoder.encode(c, StandardCharsets.UTF_8)).orElse("");
                Map<String, Object> page = server.call("GET", path);
                all.addAll((List<Map<String, Object>>) page.getOrDefault("items", List.of()));
                cursor = Optional.ofNullable((String) page.get("next_cursor"));
            } while (cursor.isPresent());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new String(JsonTreeWriter.toBytes(Map.of("items", all)), StandardCharsets.UTF_8));
            } else if (all.isEmpty()) {
                out.println("no failed actions");
            } else {
                for (Map<String, Object> a : all) {
                    Map<String, Object> result = a.get("result") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    Object error = result.getOrDefault("error", result.getOrDefault("message", ""));
                    out.println(a.get("id") + "\t" + a.get("handler") + "\t" + a.get("resource_id") + "\t"
                            + a.get("updated_at") + "\t" + error);
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Put a failed action back in the queue (admin); it is planned afresh.")
    static final class Redrive implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ServerOptions server = new ServerOptions();

        @Parameters(index = "0", paramLabel = "ID", description = "The failed action's id.")
        String id;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, Object> action = server.call("POST",
                    "/api/v1/actions/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/redrive");
            PrintWriter out = spec.commandLine().getOut();
            out.println(action.get("id") + "\t" + action.get("state"));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
