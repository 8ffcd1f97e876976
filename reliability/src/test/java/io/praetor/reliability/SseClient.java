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

/**
 * An event-stream client that collects the raw text on a virtual thread; or, for a soak, which must
 * not grow the heap it measures, keeps only the count of events, the last id and the first gap.
 */
final class SseClient implements AutoCloseable {
    final int status;
    private final boolean keep;
    private volatile long received;
    private volatile long lastId = -1;
    private volatile String firstGap = "";
    private final InputStream body;
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;
    final List<Long> ids = new CopyOnWriteArrayList<>();

    SseClient(TestServer api, String path, String token, Map<String, String> headers) {
        this(api, path, token, headers, true);
    }

    /** {@code keep} false: neither the text nor the ids are kept, only counted and checked for gaps. */
    SseClient(TestServer api, String path, String token, Map<String, String> headers, boolean keep) {
        this.keep = keep;
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
                if (keep) text.append(chunk);
                pending.append(chunk);
                int end = pending.lastIndexOf("\n\n");
                if (end >= 0) {
                    Matcher m = ID.matcher(pending.substring(0, end));
                    while (m.find()) seen(Long.parseLong(m.group(1)));
                    pending.delete(0, end + 2);
                }
            }
        } catch (IOException closed) {
            // closed by the test or the server
        }
    }

    private void seen(long id) {
        if (keep) ids.add(id);
        if (lastId >= 0 && id != lastId + 1 && firstGap.isEmpty()) firstGap = lastId + " then " + id;
        lastId = id;
        received++;
    }

    /** Events received so far. */
    long received() {
        return received;
    }

    /** The first pair of consecutive ids that were not contiguous ("" when none). */
    String firstGap() {
        return firstGap;
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
