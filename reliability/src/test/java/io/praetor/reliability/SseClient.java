package io.praetor.reliability;

import io.praetor.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An event-stream client that collects the raw text on a virtual thread. */
final class SseClient implements AutoCloseable {
    final int status;
    private final InputStream body;
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;
    final List<Long> ids = new CopyOnWriteArrayList<>();

    SseClient(TestServer api, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> r = api.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            body = r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reader = Thread.ofVirtual().start(this::read);
    }

    private static final Pattern ID = Pattern.compile("(?m)^id: (\\d+)$");

    private void read() {
        byte[] buf = new byte[8192];
        StringBuilder pending = new StringBuilder();
        try {
            int n;
            while ((n = body.read(buf)) >= 0) {
                String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                text.append(chunk);
                pending.append(chunk);
                int end = pending.lastIndexOf("\n\n");
                if (end >= 0) {
                    Matcher m = ID.matcher(pending.substring(0, end));
                    while (m.find()) ids.add(Long.parseLong(m.group(1)));
                    pending.delete(0, end + 2);
                }
            }
        } catch (IOException closed) {
            // closed by the test or the server
        }
    }

    /** Everything received after waiting {@code d}. */
    String readFor(Duration d) {
        Seed.sleep(d.toMillis());
        return text.toString();
    }

    String text() {
        return text.toString();
    }

    List<Long> idsSoFar() {
        return new ArrayList<>(ids);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
        reader.interrupt();
    }
}
