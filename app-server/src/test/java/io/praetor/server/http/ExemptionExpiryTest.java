package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The started facade sweeps exemptions (its housekeeping): when the (settable) clock passes expires_at, the finding re-opens by itself. */
class ExemptionExpiryTest {
    private static final SettableClock CLOCK = new SettableClock(Instant.now());
    private static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of(), CLOCK);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void expiredExemption_reopensItsFinding() throws Exception {
        String admin = api.token("acme", "root", Role.ADMIN);
        api.put("/api/v1/policies/s3-no-public-acl", admin, "application/yaml", Fixtures.PUBLIC_BUCKET_POLICY);
        api.send("POST", "/api/v1/inventory/snapshots?format=aws-config", Optional.of(admin),
                Optional.of("application/json"), TestServer.bytes(Fixtures.awsConfigSnapshot()), Map.of());
        Map<String, Object> finding = ((List<Map<String, Object>>) api.get("/api/v1/findings", admin).json()
                .get("items")).getFirst();
        Instant expiry = CLOCK.instant().plus(Duration.ofHours(1));
        var exemption = api.post("/api/v1/exemptions", admin, "{\"policy_id\":\"s3-no-public-acl\",\"resource_id\":\""
                + finding.get("resource_id") + "\",\"reason\":\"accepted risk\",\"expires_at\":\"" + expiry + "\"}");
        assertThat(exemption.status()).as(exemption.body()).isEqualTo(201);
        assertThat(exemption.json()).containsEntry("status", "active");
        assertThat(api.get("/api/v1/findings/" + finding.get("id"), admin).json()).containsEntry("status", "exempted");

        CLOCK.set(expiry);
        // the sweep runs every second of real time; wait for its effect, bounded
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = "exempted";
        while (!status.equals("open") && System.nanoTime() < deadline) {
            status = (String) api.get("/api/v1/findings/" + finding.get("id"), admin).json().get("status");
            if (!status.equals("open")) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        assertThat(status).isEqualTo("open");
        assertThat(((List<Map<String, Object>>) api.get("/api/v1/exemptions", admin).json().get("items")).getFirst())
                .containsEntry("status", "expired");
    }
}
