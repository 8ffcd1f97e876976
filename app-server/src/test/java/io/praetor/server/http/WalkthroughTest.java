package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.domain.evidence.BundleVerification;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.ports.Role;
import io.praetor.server.testing.Fixtures;
import io.praetor.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README's walkthrough over real HTTP: import, findings, metrics, a dry-run action with an
 * Idempotency-Key, SSE to planned, approval by another user, a webhook run to completed,
 * evidence, the bundle verified offline and server-side, the ledger verified.
 */
class WalkthroughTest {
    private static WebhookSink sink;
    private static TestServer api;

    @BeforeAll
    static void start() {
        sink = new WebhookSink();
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url()));
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void walkthrough_importToVerifiedBundle() throws Exception {
        String admin = api.token("acme", "root", Role.ADMIN);
        String alice = api.token("acme", "alice", Role.OPERATOR);
        String bob = api.token("acme", "bob", Role.APPROVER);

        var policy = api.put("/api/v1/policies/s3-no-public-acl", admin, "application/yaml", Fixtures.PUBLIC_BUCKET_POLICY);
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);

        var imported = api.send("POST", "/api/v1/inventory/snapshots?format=aws-config&full=true", Optional.of(alice),
                Optional.of("application/json"), TestServer.bytes(Fixtures.awsConfigSnapshot()), Map.of());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json()).containsEntry("received", 10L).containsEntry("created", 10L);

        var findings = api.get("/api/v1/findings?status=open&policy_id=s3-no-public-acl", alice);
        assertThat(findings.status()).isEqualTo(200);
        List<Map<String, Object>> items = (List<Map<String, Object>>) findings.json().get("items");
        assertThat(items).hasSize(1);
        Map<String, Object> finding = items.getFirst();
        assertThat(finding.get("resource_id").toString()).contains("acme-public-assets");
        assertThat(finding).containsEntry("severity", "high").containsKey("resource_key");

        var resource = api.get("/api/v1/resources/" + finding.get("resource_key"), alice);
        assertThat(resource.status()).isEqualTo(200);
        assertThat((List<?>) resource.json().get("findings")).hasSize(1);

        var metrics = api.get("/api/v1/metrics", alice).json();
        assertThat(metrics).containsEntry("findings_open", 1L).containsEntry("resources_total", 10L);

        String body = "{\"finding_id\":\"" + finding.get("id") + "\",\"dry_run\":true,\"reason\":\"public bucket\"}";
        var created = api.post("/api/v1/actions", alice, body, Map.of("Idempotency-Key", "walk-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String actionId = (String) created.json().get("id");
        var replayed = api.post("/api/v1/actions", alice, body, Map.of("Idempotency-Key", "walk-1"));
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.headers().first("Idempotent-Replayed")).contains("true");
        assertThat(replayed.json()).containsEntry("id", actionId);

        try (SseReader stream = new SseReader(api.client, api.base + "/api/v1/actions/" + actionId + "/events", alice, Map.of())) {
            assertThat(stream.status).isEqualTo(200);
            var events = stream.until(e -> e.type().equals("action.planned"), Duration.ofSeconds(20));
            assertThat(events.stream().map(SseReader.Event::id).toList())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        }
        Map<String, Object> planned = api.get("/api/v1/actions/" + actionId, alice).json();
        assertThat(planned).containsEntry("state", "planned");
        assertThat((Map<String, Object>) planned.get("plan")).containsKeys("summary", "diff", "destructive", "base_version");

        var approved = api.post("/api/v1/actions/" + actionId + "/approve", bob, "{\"comment\":\"ok\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json()).containsEntry("state", "approved");

        try (SseReader stream = new SseReader(api.client, api.base + "/api/v1/actions/" + actionId + "/events", alice,
                Map.of("Last-Event-ID", "1"));
             // an id beyond the action's last event is not one of its ids: that stream starts at the end (ADR 0025)
             SseReader ahead = new SseReader(api.client, api.base + "/api/v1/actions/" + actionId + "/events", alice,
                     Map.of("Last-Event-ID", "1000000"))) {
            var ran = api.post("/api/v1/actions/" + actionId + "/run", alice, "");
            assertThat(ran.status()).as(ran.body()).isEqualTo(202);
            var events = stream.until(e -> e.type().equals("action.completed") || e.type().equals("action.failed"),
                    Duration.ofSeconds(20));
            assertThat(events.getFirst().id()).isEqualTo(2);
            assertThat(events.getLast().type()).isEqualTo("action.completed");
            long approvedSeq = events.stream().filter(e -> e.type().equals("action.approved")).findFirst().orElseThrow().id();
            assertThat(ahead.until(e -> e.type().equals("action.completed"), Duration.ofSeconds(20)))
                    .isEqualTo(events.stream().filter(e -> e.id() > approvedSeq).toList());
        }
        assertThat(sink.received).hasSize(1);
        assertThat(sink.received.getFirst().idempotencyKey()).isEqualTo(actionId);

        var evidence = api.get("/api/v1/evidence?action_id=" + actionId, alice);
        List<Map<String, Object>> blobs = (List<Map<String, Object>>) evidence.json().get("items");
        assertThat(blobs).isNotEmpty();
        var blob = api.get("/api/v1/evidence/" + blobs.getFirst().get("sha256"), alice);
        assertThat(blob.status()).isEqualTo(200);
        assertThat(blob.contentType()).startsWith((String) blobs.getFirst().get("media_type"));

        // the last transition is anchored in the ledger right after it commits: fetch until the bundle proves it
        BundleVerification offline = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (offline == null || (!offline.ok() && System.nanoTime() < deadline)) {
            HttpResponse<byte[]> zip = api.client.send(HttpRequest.newBuilder(
                            URI.create(api.base + "/api/v1/actions/" + actionId + "/bundle"))
                    .header("Authorization", "Bearer " + alice).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("content-type")).contains("application/zip");
            offline = BundleVerifier.verify(zip.body());
        }
        assertThat(offline.problems()).as("offline bundle verification").isEmpty();
        var serverSide = api.get("/api/v1/actions/" + actionId + "/bundle/verify", alice).json();
        assertThat(serverSide).containsEntry("ok", true).containsEntry("problems", List.of());

        var ledger = api.get("/api/v1/ledger/verify", alice);
        assertThat(ledger.status()).isEqualTo(200);
        assertThat(ledger.json()).containsEntry("ok", true);
        assertThat((Long) ledger.json().get("size")).isPositive();
    }
}
