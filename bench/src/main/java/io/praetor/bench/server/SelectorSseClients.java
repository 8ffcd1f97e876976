package io.praetor.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many {@code text/event-stream} responses read by one platform thread on one selector, as the
 * receiving side of an SSE latency measurement: each stream's bytes are timed when {@code read}
 * returns them, then decoded (HTTP/1.1 chunked or not, SSE lines). One thread reading 200 sockets
 * costs the measurement a read call per stream and change; the JDK {@code HttpClient} with a reading
 * thread per stream cost several thread hand-offs per chunk on the same two cores as the server,
 * which the latency then included.
 */
final class SelectorSseClients implements AutoCloseable {
    /** What a stream reports: an event complete at {@code receivedNanos}. */
    interface Listener {
        void event(int stream, long id, String type, String data, long receivedNanos);
    }

    private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final List<Stream> streams = new ArrayList<>();
    private final Listener listener;
    private final CountDownLatch opened;
    private final Thread reader;
    private volatile boolean closed;
    private volatile String failure = "";

    /** Sends {@code count} GETs of {@code path} with those headers and starts reading them. */
    SelectorSseClients(URI base, String path, List<String> headers, int count, Listener listener) throws IOException {
        this.selector = Selector.open();
        this.listener = listener;
        this.opened = new CountDownLatch(count);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        for (String h : headers) request.append(h).append("\r\n");
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) ch.write(out);
            ch.configureBlocking(false);
            Stream s = new Stream(i, ch);
            streams.add(s);
            ch.register(selector, SelectionKey.OP_READ, s);
        }
        this.reader = Thread.ofPlatform().name("sse-selector-reader").daemon().start(this::readLoop);
    }

    /** True when every stream got its response headers within the time. */
    boolean awaitOpened(long seconds) throws InterruptedException {
        return opened.await(seconds, TimeUnit.SECONDS);
    }

    /** Why a stream stopped early, or "" when none did. */
    String failure() {
        return failure;
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        byte[] heap = new byte[buf.capacity()];
        try {
            while (!closed) {
                selector.select(200);
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Stream s = (Stream) key.attachment();
                    buf.clear();
                    int n = s.channel.read(buf);
                    long now = System.nanoTime();
                    if (n < 0) {
                        key.cancel();
                        if (!closed) failure = "stream " + s.index + " ended";
                        continue;
                    }
                    buf.flip();
                    buf.get(heap, 0, n);
                    s.accept(heap, n, now);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) failure = e.toString();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stream s : streams) s.channel.close();
        selector.close();
    }

    /** One response: headers, then the body (de-chunked when chunked), split in SSE lines. */
    private final class Stream {
        final int index;
        final SocketChannel channel;
        final StringBuilder head = new StringBuilder();
        boolean inBody;
        boolean chunked;
        long chunkLeft = -1; // -1: a chunk-size line is next; -2: the CRLF after a chunk's data
        final StringBuilder sizeLine = new StringBuilder();
        final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        long id = -1;
        String type = "message";
        StringBuilder data = new StringBuilder();

        Stream(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }

        void accept(byte[] b, int n, long now) {
            int i = 0;
            while (!inBody && i < n) {
                head.append((char) b[i++]);
                int end = head.indexOf("\r\n\r\n");
                if (end >= 0) {
                    String h = head.toString();
                    if (!h.startsWith("HTTP/1.1 200")) throw new IllegalStateException("stream " + index + ": " + h.lines().findFirst().orElse(""));
                    chunked = h.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                    inBody = true;
                    opened.countDown();
                }
            }
            while (i < n) {
                if (!chunked) {
                    body(b, i, n, now);
                    i = n;
                } else if (chunkLeft == -1) {
                    char c = (char) b[i++];
                    if (c == '\n') {
                        String size = sizeLine.toString().trim();
                        int semi = size.indexOf(';');
                        chunkLeft = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
                        sizeLine.setLength(0);
                        if (chunkLeft == 0) throw new IllegalStateException("stream " + index + " ended");
                    } else if (c != '\r') {
                        sizeLine.append(c);
                    }
                } else if (chunkLeft == -2) {
                    if (b[i++] == '\n') chunkLeft = -1;
                } else {
                    int take = (int) Math.min(chunkLeft, n - i);
                    body(b, i, i + take, now);
                    i += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) chunkLeft = -2;
                }
            }
        }

        /** Body bytes {@code b[from, to)}: complete lines are decoded, a partial one is kept for the next read. */
        private void body(byte[] b, int from, int to, long now) {
            int start = from;
            for (int k = from; k < to; k++) {
                if (b[k] != '\n') continue;
                if (line.size() > 0) {
                    line.write(b, start, k - start);
                    byte[] whole = line.toByteArray();
                    line.reset();
                    line(whole, 0, whole.length, now);
                } else {
                    line(b, start, k, now);
                }
                start = k + 1;
            }
            if (start < to) line.write(b, start, to - start);
        }

        /**
         * One SSE line {@code b[from, to)}. Strings are made only of what the listener gets (the
         * event type, the data): the measuring thread shares two cores with the server it measures.
         */
        private void line(byte[] b, int from, int to, long now) {
            if (from == to) { // the end of an event (or of a comment)
                if (data.length() > 0) listener.event(index, id, type, data.toString(), now);
                type = "message";
                data.setLength(0);
            } else if (startsWith(b, from, to, ID)) {
                id = 0;
                for (int k = from + ID.length; k < to; k++) {
                    if (b[k] >= '0' && b[k] <= '9') id = id * 10 + (b[k] - '0');
                }
            } else if (startsWith(b, from, to, EVENT)) {
                type = new String(b, from + EVENT.length, to - from - EVENT.length, StandardCharsets.UTF_8).trim();
            } else if (startsWith(b, from, to, DATA)) {
                if (data.length() > 0) data.append('\n');
                int at = from + DATA.length;
                if (at < to && b[at] == ' ') at++;
                data.append(new String(b, at, to - at, StandardCharsets.UTF_8));
            }
        }

        private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
            if (to - from < prefix.length) return false;
            for (int k = 0; k < prefix.length; k++) {
                if (b[from + k] != prefix[k]) return false;
            }
            return true;
        }
    }
}
