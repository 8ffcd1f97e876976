package io.praetor.reliability;

import io.praetor.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The ids of an event stream, read whole from the start (a fresh client with Last-Event-ID 0). */
final class EventLog {
    private EventLog() {}

    /**
     * Every id the stream replays from the start, read until none came for {@code quiet} (the
     * server's heartbeats are comments, not ids) or 20 s passed.
     */
    static List<Long> ids(TestServer api, String path, String token, Duration quiet) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> ids = new CopyOnWriteArrayList<>();
        AtomicLong lastSeen = new AtomicLong(System.nanoTime());
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").header("Last-Event-ID", "0").build();
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) throw new AssertionError("GET " + path + " -> " + r.statusCode());
            Thread reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("id: ")) {
                            ids.add(Long.parseLong(line.substring(4).trim()));
                            lastSeen.set(System.nanoTime());
                        }
                    }
                } catch (IOException closed) {
                    // closed below
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() - lastSeen.get() < quiet.toNanos() && System.nanoTime() < deadline) Seed.sleep(50);
            r.body().close();
            reader.interrupt();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            http.shutdownNow();
        }
        return new ArrayList<>(ids);
    }

    /** Empty when {@code ids} is 1..n; else what is wrong with it. */
    static List<String> gaps(List<Long> ids, String what) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != i + 1) {
                wrong.add(what + ": ids not 1..n, at position " + i + " " + ids.get(i) + " (" + ids.size() + " ids)");
                break;
            }
        }
        return wrong;
    }
}
