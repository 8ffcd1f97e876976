package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /metrics over HTTP is served from the cache, and a write's response is followed by a fresh answer (ADR 0016); /prometheus shows the server's own meters. */
class MetricsFreshnessTest {
    private static TestServer api;
    private static String admin;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
        admin = api.token("fresh", "ada", Role.ADMIN, Role.OPERATOR);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aChangeIsSeenByTheNextRequest_andRepeatsAreCacheHits() {
        assertThat(api.put("/api/v1/policies/tagged", admin, "application/yaml", """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata: {id: tagged, title: Buckets are tagged, severity: high}
                spec: {resource: aws.s3.bucket, violation: 'size(resource.tags) == 0'}
                """).status()).isEqualTo(200);
        Map<String, Object> before = metrics();
        assertThat(metrics().get("sources")).isEqualTo(Map.of("ai", "disabled", "cache", "hit"));
        assertThat(before.get("resources_total")).isEqualTo(0L);

        for (int i = 0; i < 3; i++) {
            var r = api.put("/api/v1/resources/" + ResourceKeys.keyOf("arn:aws:s3:::f" + i), admin, "application/json",
                    "{\"type\":\"aws.s3.bucket\",\"name\":\"f" + i + "\",\"properties\":{}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Map<String, Object> after = metrics();
            assertThat(after.get("sources")).isEqualTo(Map.of("ai", "disabled", "cache", "miss"));
            assertThat(after.get("resources_total")).isEqualTo(i + 1L);
            assertThat(after.get("findings_open")).isEqualTo(i + 1L);
        }
    }

    @Test
    void prometheusShowsCacheSseOutboxAndActionMeters() {
        metrics();
        metrics();
        String text = api.get("/prometheus", admin).body();
        assertThat(text).contains("praetor_metrics_cache_requests_total{result=\"hit\"}",
                "praetor_metrics_cache_requests_total{result=\"miss\"}", "praetor_metrics_cache_hit_ratio",
                "praetor_sse_clients", "praetor_sse_dropped_total", "praetor_events_fanout_lag_seconds",
                "praetor_outbox_pending", "praetor_outbox_oldest_age_seconds",
                "praetor_actions{state=\"planned\",tenant=\"fresh\"}");
    }

    private static Map<String, Object> metrics() {
        var r = api.get("/api/v1/metrics", admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
