package io.praetor.server.http;

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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads a server-sent event stream on a virtual thread and hands out its events, or the HTTP status when it is not a stream. */
final class SseReader implements AutoCloseable {
    record Event(long id, String type, String data) {}

    final int status;
    final String errorBody;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final InputStream body;

    SseReader(HttpClient client, String url, String token, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            this.status = r.statusCode();
            this.body = r.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        if (status != 200) {
            try {
                this.errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            this.reader = null;
            return;
        }
        this.errorBody = "";
        this.reader = Thread.ofVirtual().start(this::read);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = -1;
            String type = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (id >= 0) events.add(new Event(id, type, data.toString()));
                    id = -1;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    /** Events until one matches, within {@code timeout}; fails the test when none does. */
    List<Event> until(Predicate<Event> done, Duration timeout) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (e == null) throw new AssertionError("no matching event within " + timeout + "; saw " + seen);
            seen.add(e);
            if (done.test(e)) return seen;
        }
    }

    /** The next comment line (heartbeats), within {@code timeout}; fails the test when none comes. */
    String nextComment(Duration timeout) throws InterruptedException {
        String c = comments.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (c == null) throw new AssertionError("no comment within " + timeout);
        return c;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (reader != null) reader.interrupt();
    }
}
