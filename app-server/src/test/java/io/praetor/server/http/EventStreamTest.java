package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /events}: ids are the tenant's contiguous seq; a reconnect with Last-Event-ID resumes with nothing lost or repeated. */
class EventStreamTest {
    private static TestServer api;
    private static String operator;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
        operator = api.token("streams", "op", Role.OPERATOR);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void putBucket(String name) {
        putBucket(operator, name);
    }

    private static void putBucket(String token, String name) {
        var r = api.put("/api/v1/resources/" + ResourceKeys.keyOf("arn:aws:s3:::" + name), token, "application/json",
                "{\"type\":\"aws.s3.bucket\",\"name\":\"" + name + "\",\"properties\":{\"n\":\"" + name + "\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void reconnectWithLastEventId_resumesWithoutLossOrDuplicates() throws Exception {
        List<SseReader.Event> first;
        try (SseReader stream = new SseReader(api.client, api.base + "/api/v1/events", operator, Map.of())) {
            for (int i = 0; i < 3; i++) putBucket("b" + i);
            first = stream.until(e -> e.data().contains("b2"), Duration.ofSeconds(10));
        }
        long last = first.getLast().id();
        assertThat(first.stream().map(SseReader.Event::id).toList()).isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(first).allSatisfy(e -> assertThat(e.type()).isEqualTo("resource.changed"));

        // changes made while disconnected are replayed from the store, then the stream goes live
        for (int i = 3; i < 6; i++) putBucket("b" + i);
        try (SseReader resumed = new SseReader(api.client, api.base + "/api/v1/events", operator,
                Map.of("Last-Event-ID", Long.toString(last)))) {
            var replayed = resumed.until(e -> e.data().contains("b5"), Duration.ofSeconds(10));
            putBucket("b6");
            var live = resumed.until(e -> e.data().contains("b6"), Duration.ofSeconds(10));
            List<Long> ids = new java.util.ArrayList<>(replayed.stream().map(SseReader.Event::id).toList());
            ids.addAll(live.stream().map(SseReader.Event::id).toList());
            assertThat(ids).isEqualTo(LongStream.rangeClosed(last + 1, last + ids.size()).boxed().toList());
        }
    }

    @Test
    void aLastEventIdBeyondTheLog_startsAtItsEnd_andOtherClientsStillGoLive() throws Exception {
        // ADR 0025: such an id is not one of this log's (a store reset, another deployment); before, the
        // stream skipped every event up to it, and the tenant's feed, started from it, kept every other
        // client of the tenant retrying (on two cores, two of them stalled the whole server)
        String token = api.token("ahead", "op", Role.OPERATOR);
        for (int i = 0; i < 3; i++) putBucket(token, "a" + i);
        try (SseReader ahead = new SseReader(api.client, api.base + "/api/v1/events", token, Map.of("Last-Event-ID", "1000000"));
             SseReader behind = new SseReader(api.client, api.base + "/api/v1/events", token, Map.of("Last-Event-ID", "1"))) {
            assertThat(ahead.nextComment(Duration.ofSeconds(5))).isEqualTo("stream open");
            var replayed = behind.until(e -> e.id() == 3, Duration.ofSeconds(10));
            assertThat(replayed.stream().map(SseReader.Event::id).toList()).containsExactly(2L, 3L);
            putBucket(token, "a3");
            assertThat(ahead.until(e -> e.data().contains("a3"), Duration.ofSeconds(10)))
                    .extracting(SseReader.Event::id).containsExactly(4L);
            assertThat(behind.until(e -> e.data().contains("a3"), Duration.ofSeconds(10)))
                    .extracting(SseReader.Event::id).containsExactly(4L);
        }
    }

    @Test
    void anIdleStream_getsHeartbeatComments() throws Exception {
        // the test server beats every second (PRAETOR_SSE_HEARTBEAT_S=1)
        try (SseReader s = new SseReader(api.client, api.base + "/api/v1/events", api.token("quiet", "v", Role.VIEWER),
                Map.of())) {
            assertThat(s.nextComment(Duration.ofSeconds(5))).isEqualTo("stream open");
            assertThat(s.nextComment(Duration.ofSeconds(5))).isEqualTo("heartbeat");
        }
    }

    @Test
    void aBadLastEventId_isMalformed() {
        try (SseReader s = new SseReader(api.client, api.base + "/api/v1/events", operator, Map.of("Last-Event-ID", "abc"))) {
            assertThat(s.status).isEqualTo(400);
            assertThat(s.errorBody).contains("malformed");
        }
    }
}
