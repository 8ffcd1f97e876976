package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: the log of the whole suite (every server of every class wrote to
 * target/reliability.log at DEBUG) holds none of the tokens or key material the suite used, and no
 * bearer token or private key shape at all. Its own server adds refused and accepted calls first,
 * so the scan has something to read even when this class runs alone.
 */
@Order(100)
class SecretsInLogsTest {
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("Bearer\\s+ey[A-Za-z0-9_-]{10,}"),
            Pattern.compile("ey[A-Za-z0-9_-]{10,}\\.ey[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}"),
            Pattern.compile("\\\\?\"d\\\\?\"\\s*:\\s*\\\\?\"[A-Za-z0-9_-]{40,}"),
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    @Test
    void theSuitesLog_holdsNoSecret() throws Exception {
        try (TestServer api = TestServer.start(Map.of("PRAETOR_DEV_MODE", "true"))) {
            String admin = api.token("logs", "logger", Role.ADMIN);
            api.get("/api/v1/metrics", admin);
            api.get("/api/v1/metrics", Secrets.remember(admin.substring(0, admin.length() - 4) + "AAAA"));
            api.post("/api/v1/scans", api.token("logs", "viewer", Role.VIEWER), "{}");
            api.post("/api/v1/dev/token", null, "{\"tenant\":\"logs\",\"roles\":[\"admin\"],\"sub\":\"x\"}");
            api.get("/api/v1/metrics?access_token=" + admin, null);
        }
        Path log = Path.of(System.getProperty("reliability.log", "target/reliability.log"));
        String text = Files.readString(log);
        assertThat(text).as("the suite's log").isNotEmpty();
        List<String> found = new ArrayList<>();
        java.util.Set<String> secrets = Secrets.all();
        for (String secret : secrets) {
            if (secret.length() >= 16 && text.contains(secret)) found.add("a secret the suite used: " + secret.substring(0, 12) + "…");
            // the signature part alone identifies a token as well
            String[] parts = secret.split("\\.");
            if (parts.length == 3 && parts[2].length() >= 20 && text.contains(parts[2])) found.add("a token signature: " + parts[2].substring(0, 12) + "…");
        }
        for (Pattern p : SHAPES) {
            var m = p.matcher(text);
            if (m.find()) found.add("something shaped like a secret: " + m.group().substring(0, Math.min(20, m.group().length())) + "…");
        }
        long lines = text.lines().count();
        ReliabilityReport.record("security: secrets never in logs (whole suite's log scanned)", secrets.size(), found.size(), 0,
                lines + " log lines (DEBUG), " + secrets.size() + " secrets looked for, + token/JWK/PEM shapes");
        assertThat(found).isEmpty();
    }
}
