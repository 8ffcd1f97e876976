package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.usecase.SnapshotImport;
import io.praetor.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code /events} client that stops reading is dropped once it is further behind than its buffer
 * (ADR 0017); what it was sent is contiguous, and resuming with Last-Event-ID loses and repeats
 * nothing. The events are large so that the socket buffers fill quickly.
 */
class SlowSseClientTest {
    private static final TenantId TENANT = TenantId.of("slow");
    private static final Principal OLGA = new Principal("olga", TENANT, Set.of(Role.OPERATOR));
    private static final int BUFFER = 16;
    private static final int RESOURCES = 4000;
    private static TestServer api;
    private static String token;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of("PRAETOR_SSE_BUFFER_EVENTS", Integer.toString(BUFFER)));
        token = api.token(TENANT.value(), "olga", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aClientThatDoesNotRead_isDropped_andResumesWithoutLossOrDuplicates() throws Exception {
        HttpResponse<InputStream> stalled = open(0);
        assertThat(stalled.statusCode()).isEqualTo(200);
        byte[] opened = stalled.body().readNBytes(": stream open\n\n".length());
        assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(": stream open\n\n");
        Thread.sleep(1000); // slack for the server to join the (empty) log's feed; from here on the client reads nothing

        // each resource.changed frame is ~6 KB: far more than the socket buffers and 16 queued frames
        String padding = "x".repeat(2000);
        for (int batch = 0; batch < RESOURCES / 500; batch++) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                ndjson.append("{\"id\":\"r-").append(batch * 500 + i).append('-').append(padding)
                        .append("\",\"type\":\"aws.s3.bucket\",\"properties\":{}}\n");
            }
            api.server.praetor().inventory().importSnapshot(OLGA, SnapshotImport.of("praetor"),
                    new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
        }
        await(() -> dropped() >= 1, "the stalled client to be dropped");

        // reading now: what the server still held for it, then the end of the stream
        List<Long> first = readToEnd(stalled.body());
        assertThat(first).isNotEmpty().hasSizeLessThan(RESOURCES);
        assertThat(first).isEqualTo(LongStream.rangeClosed(1, first.size()).boxed().toList());

        HttpResponse<InputStream> resumed = open(first.getLast());
        List<Long> rest = new ArrayList<>();
        try (BufferedReader in = reader(resumed.body())) {
            String line;
            while (rest.size() < RESOURCES - first.size() && (line = in.readLine()) != null) {
                if (line.startsWith("id: ")) rest.add(Long.parseLong(line.substring(4)));
            }
        }
        List<Long> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).isEqualTo(LongStream.rangeClosed(1, RESOURCES).boxed().toList());
    }

    @Test
    void manyClientsOfOneTenant_allGetEveryEventInOrder() throws Exception {
        TenantId tenant = TenantId.of("many");
        String viewer = api.token(tenant.value(), "v", Role.VIEWER);
        Principal op = new Principal("op", tenant, Set.of(Role.OPERATOR));
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) streams.add(open(viewer, 0));
        try (var readers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            // each reads as an EventSource does: a client the server dropped for falling behind its 16-frame
            // buffer (a loaded machine may starve a reader) reconnects with Last-Event-ID and loses nothing
            List<java.util.concurrent.Future<List<Long>>> read = new ArrayList<>();
            for (HttpResponse<InputStream> first : streams) {
                read.add(readers.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    HttpResponse<InputStream> stream = first;
                    while (!readUntil(stream.body(), 50, ids)) {
                        stream = open(viewer, ids.isEmpty() ? 0 : ids.getLast());
                    }
                    return ids;
                }));
            }
            for (int i = 0; i < 50; i++) {
                api.server.praetor().inventory().importSnapshot(op, SnapshotImport.of("praetor"), new ByteArrayInputStream(
                        ("{\"id\":\"m-" + i + "\",\"type\":\"aws.s3.bucket\",\"properties\":{}}\n").getBytes(StandardCharsets.UTF_8)));
            }
            for (var ids : read) {
                assertThat(ids.get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
            }
        } finally {
            for (HttpResponse<InputStream> stream : streams) stream.body().close();
        }
    }

    private static HttpResponse<InputStream> open(String bearer, long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/api/v1/events"))
                .header("Authorization", "Bearer " + bearer).header("Accept", "text/event-stream");
        if (lastEventId > 0) b.header("Last-Event-ID", Long.toString(lastEventId));
        HttpResponse<InputStream> r = api.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        return r;
    }

    /** Adds the ids of complete events to {@code ids} until {@code upTo} (true) or the end of the stream (false). */
    private static boolean readUntil(InputStream body, long upTo, List<Long> ids) throws IOException {
        try (BufferedReader in = reader(body)) {
            long id = -1;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
                if (line.isEmpty() && id >= 0) {
                    ids.add(id);
                    if (id >= upTo) return true;
                    id = -1;
                }
            }
        } catch (IOException cut) {
            // ended mid-frame: the complete events so far count
        }
        return false;
    }

    private static HttpResponse<InputStream> open(long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
        if (lastEventId > 0) b.header("Last-Event-ID", Long.toString(lastEventId));
        return api.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The ids of the complete events up to the end of the stream. */
    private static List<Long> readToEnd(InputStream body) throws IOException {
        List<Long> ids = new ArrayList<>();
        readUntil(body, Long.MAX_VALUE, ids);
        return ids;
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static String prometheus() {
        return api.get("/prometheus", token).body();
    }

    private static double dropped() {
        for (String line : prometheus().split("\n")) {
            if (line.startsWith("praetor_sse_dropped_total")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
