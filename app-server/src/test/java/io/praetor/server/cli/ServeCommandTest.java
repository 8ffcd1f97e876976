package io.praetor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code praetor serve} prints its URL and a dev admin token that the server accepts. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void serve_printsTheUrlAndAWorkingDevAdminToken() throws Exception {
        Path config = dir.resolve("praetor.yaml");
        Files.writeString(config, "data.dir: " + dir.resolve("data") + "\nrate.limit: 'off'\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Thread serving = Thread.ofPlatform().start(() ->
                PraetorCommand.newCommandLine().execute("serve", "--port", "0", "--config", config.toString()));
        try {
            Pattern printed = Pattern.compile("listening on (http://\\S+)\\n.*\\n(eyJ\\S+)\\n");
            Matcher m = printed.matcher("");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!m.reset(out.toString(StandardCharsets.UTF_8)).find() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000);
            }
            assertThat(m.find(0)).as(out.toString(StandardCharsets.UTF_8)).isTrue();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(m.group(1) + "/api/v1/metrics")).header("Authorization", "Bearer " + m.group(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("\"tenant\":\"default\"");
        } finally {
            System.setOut(saved);
            serving.interrupt();
            serving.join(10_000);
        }
        assertThat(serving.isAlive()).isFalse();
    }
}
