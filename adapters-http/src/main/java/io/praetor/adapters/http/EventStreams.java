package io.praetor.adapters.http;

import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events for {@code /actions/{id}/events} and {@code /events}. The stores are the source
 * of truth (ADR 0010): a stream sends what the store holds after the last seq it sent ({@code
 * Last-Event-ID} on reconnect), and a bus message for the tenant only wakes a reader up. For
 * {@code /events} (ADR 0017) a client first replays from the store, a page at a time (full pages
 * are rendered once and shared by every client replaying them), then joins its tenant's {@link
 * TenantFeed}, which reads the store once per wake-up for all the tenant's clients and hands each
 * its frames through a bounded queue; a client that falls behind by more than the queue holds is
 * dropped and resumes with {@code Last-Event-ID}. A client only ever writes seq = last + 1, so
 * nothing is sent twice, and a gap is filled from the store, so nothing is lost. Action streams
 * read the store per client (they are few per action, and progress events are not on the bus).
 * Heartbeat comments keep idle streams open; a write that fails ends the stream.
 */
final class EventStreams implements AutoCloseable {
    private static final int PAGE = 200;
    /** Action events of progress are not all announced on the bus, so action streams also look every so often. */
    private static final Duration ACTION_POLL = Duration.ofMillis(500);
    /** A feed also looks without a wake-up this often (an event whose bus message was lost, another instance's relay). */
    private static final Duration FEED_POLL = Duration.ofSeconds(1);
    /** Pause before joining a feed again when the store had nothing newer than what the client was sent. */
    private static final Duration FEED_RETRY = Duration.ofMillis(20);
    /** Full replay pages kept rendered, across tenants. */
    private static final int SHARED_PAGES = 256;
    private static final int FLUSH_EVERY = 64;
    private static final byte[] OPEN = ": stream open\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final ApiServices services;
    private final Duration heartbeat;
    private final int bufferEvents;
    private final HttpObserver observer;
    private final Map<TenantId, Set<Semaphore>> waiting = new ConcurrentHashMap<>();
    private final Map<TenantId, TenantFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, List<TenantFeed.Frame>> pages = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<TenantFeed.Frame>> eldest) {
                    return size() > SHARED_PAGES;
                }
            });
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final TenantFeed.Listener feedListener;
    private volatile boolean closed;

    EventStreams(ApiServices services, Duration heartbeat, int bufferEvents, HttpObserver observer) {
        if (bufferEvents < 1) throw new IllegalArgumentException("the SSE buffer must hold at least one event");
        this.services = services;
        this.heartbeat = heartbeat;
        this.bufferEvents = bufferEvents;
        this.observer = observer;
        this.feedListener = new TenantFeed.Listener() {
            @Override
            public void fannedOut(int frames, Duration oldestAge) {
                observer.eventsFannedOut(frames, oldestAge);
            }

            @Override
            public void dropped() {
                observer.sseClientDropped();
            }
        };
    }

    /** One fan-out subscription per topic for the whole server. */
    void start() {
        subscriptions.add(services.bus().subscribe(Topics.TENANT_EVENTS, this::wake));
        subscriptions.add(services.bus().subscribe(Topics.RESOURCE_CHANGED, this::wake));
    }

    private void wake(BusMessage m) {
        Set<Semaphore> set = waiting.get(m.tenant());
        if (set != null) set.forEach(Semaphore::release);
        TenantFeed feed = feeds.get(m.tenant());
        if (feed != null) feed.wake();
    }

    Reply tenantEvents(Call c) {
        TenantId tenant = c.principal().tenant();
        long after = lastEventId(c);
        Map<String, String> headers = Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no");
        return new Reply.Streamed(200, "text/event-stream", headers, out -> {
            observer.sseClients(open.incrementAndGet());
            try {
                serveTenant(tenant, after, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                observer.sseClients(open.decrementAndGet());
            }
        });
    }

    private void serveTenant(TenantId tenant, long after, OutputStream out) throws IOException, InterruptedException {
        out.write(OPEN);
        out.flush();
        // A Last-Event-ID beyond the log's end is not an id of this log (ADR 0025): the stream starts at
        // the end. Left as it was, the client would skip the next events, and a feed started from it
        // would never read the store's events, keeping every other client of the tenant BEHIND.
        long last = Math.min(after, services.tenantEvents().lastSeq(tenant));
        long lastWrite = System.nanoTime();
        TenantFeed.Client client = new TenantFeed.Client(bufferEvents);
        TenantFeed feed = null;
        try {
            while (true) {
                if (closed) return;
                long before = last;
                last = replay(tenant, last, Long.MAX_VALUE, out);
                feed = feed(tenant, last);
                TenantFeed.JoinResult joined = feed.join(client, last);
                if (joined == TenantFeed.JoinResult.JOINED) {
                    feed.start();
                    break;
                }
                feed = null;
                // A virtual thread that never blocks keeps its carrier (two on two cores): never retry
                // without a pause when the store gave nothing new.
                if (last == before) Thread.sleep(FEED_RETRY.toMillis());
            }
            lastWrite = System.nanoTime();
            int unflushed = 0;
            while (!closed) {
                if (client.dropped && client.isEmpty()) return; // what it held is written: resume from here
                long untilBeat = heartbeat.toNanos() - (System.nanoTime() - lastWrite);
                if (untilBeat <= 0) {
                    out.write(HEARTBEAT);
                    out.flush();
                    lastWrite = System.nanoTime();
                    continue;
                }
                TenantFeed.Batch b = client.poll(Math.min(untilBeat, FEED_POLL.toNanos()));
                if (b == null) continue;
                if (b == TenantFeed.END) return;
                if (b.last() <= last) continue; // already sent during the replay
                if (b.first() > last + 1) last = replay(tenant, last, b.first() - 1, out); // a gap: the store fills it
                if (b.first() > last) {
                    out.write(b.bytes()); // the feed joined them once for every client
                } else {
                    for (TenantFeed.Frame f : b.frames()) {
                        if (f.seq() > last) out.write(f.bytes()); // partly sent during the replay
                    }
                }
                last = b.last();
                unflushed += b.size();
                // flush when caught up, and every so often in a long burst so a frame never waits for the next
                if (client.isEmpty() || unflushed >= FLUSH_EVERY) {
                    out.flush();
                    lastWrite = System.nanoTime();
                    unflushed = 0;
                }
            }
        } finally {
            if (feed != null) feed.leave(client);
        }
    }

    /** The tenant's running feed, or a new one that starts reading after {@code after}. */
    private TenantFeed feed(TenantId tenant, long after) {
        while (true) {
            TenantFeed existing = feeds.get(tenant);
            if (existing != null && !existing.isStopped()) return existing;
            TenantFeed fresh = new TenantFeed(tenant, services.tenantEvents(), EventStreams::render, PAGE, bufferEvents,
                    FEED_POLL, feedListener, services.clock(), after);
            boolean installed = existing == null ? feeds.putIfAbsent(tenant, fresh) == null
                    : feeds.replace(tenant, existing, fresh);
            if (installed) return fresh;
        }
    }

    /**
     * Writes what the store holds after {@code last} up to {@code upTo}, page by page; returns the
     * last seq written. Pages are aligned on multiples of {@link #PAGE}, so a full one is the same
     * for every client and is rendered once.
     */
    private long replay(TenantId tenant, long last, long upTo, OutputStream out) throws IOException {
        while (last < upTo) {
            long pageStart = (last / PAGE) * PAGE;
            String key = tenant.value() + ":" + pageStart;
            List<TenantFeed.Frame> frames = pages.get(key);
            if (frames == null) {
                List<TenantEvent> events = services.tenantEvents().read(tenant, pageStart, PAGE);
                frames = events.stream().map(EventStreams::render).toList();
                if (frames.size() == PAGE) pages.put(key, frames);
            }
            int written = 0;
            for (TenantFeed.Frame f : frames) {
                if (f.seq() <= last || f.seq() > upTo) continue;
                out.write(f.bytes());
                last = f.seq();
                written++;
            }
            if (written > 0) out.flush();
            if (frames.size() < PAGE) return last; // the end of the log
        }
        return last;
    }

    private static TenantFeed.Frame render(TenantEvent e) {
        String frame = "id: " + e.seq() + "\nevent: " + e.type() + "\ndata: " + Json.writeString(Views.tenantEvent(e)) + "\n\n";
        return new TenantFeed.Frame(e.seq(), e.at(), frame.getBytes(StandardCharsets.UTF_8));
    }

    Reply actionEvents(Call c) {
        Principal p = c.principal();
        String id = c.path("id");
        // NOT_FOUND (another tenant's too) before the stream opens; an id beyond its last event starts at the end (ADR 0025)
        long after = Math.min(lastEventId(c), services.actions().action(p, id).lastSeq());
        return sse(p.tenant(), ACTION_POLL, out -> new Source() {
            long last = after;

            @Override
            public int sendNext() throws IOException {
                List<ActionEvent> events = services.actions().events(p, id, last, PAGE);
                for (ActionEvent e : events) {
                    frame(out, e.seq(), e.type(), Json.writeString(Views.actionEvent(e)));
                    last = e.seq();
                }
                return events.size();
            }
        });
    }
    private interface Source {
        /** Writes what the store holds after the last seq sent; returns how many events it wrote. */
        int sendNext() throws IOException;
    }

    private interface SourceFactory {
        Source open(OutputStream out);
    }

    private Reply sse(TenantId tenant, Duration poll, SourceFactory factory) {
        Map<String, String> headers = Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no");
        return new Reply.Streamed(200, "text/event-stream", headers, out -> {
            Semaphore signal = new Semaphore(0);
            waiting.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(signal);
            observer.sseClients(open.incrementAndGet());
            try {
                Source source = factory.open(out);
                out.write(": stream open\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                long lastWrite = System.nanoTime();
                long wait = Math.min(poll.toMillis(), heartbeat.toMillis());
                while (!closed) {
                    signal.drainPermits();
                    int sent;
                    do {
                        sent = source.sendNext();
                        if (sent > 0) {
                            out.flush();
                            lastWrite = System.nanoTime();
                        }
                    } while (sent == PAGE);
                    if (System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
                        out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        lastWrite = System.nanoTime();
                    }
                    signal.tryAcquire(wait, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Set<Semaphore> set = waiting.get(tenant);
                if (set != null) set.remove(signal);
                observer.sseClients(open.decrementAndGet());
            }
        });
    }

    private static void frame(OutputStream out, long seq, String type, String json) throws IOException {
        String frame = "id: " + seq + "\nevent: " + type + "\ndata: " + json + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
    }

    private static long lastEventId(Call c) {
        String h = c.ctx().header("Last-Event-ID");
        if (h == null || h.isBlank()) return 0;
        try {
            long v = Long.parseLong(h.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new io.praetor.ports.PraetorException(io.praetor.ports.ErrorCode.MALFORMED,
                    "Last-Event-ID must be a non-negative integer");
        }
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
        waiting.values().forEach(set -> set.forEach(Semaphore::release));
        feeds.values().forEach(TenantFeed::close);
    }
}
