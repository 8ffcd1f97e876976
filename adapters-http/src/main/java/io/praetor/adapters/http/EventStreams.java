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
 * of truth: a stream sends what the store holds after the last seq it sent ({@code Last-Event-ID}
 * on reconnect), and a bus message for the tenant only wakes it up to read again — so nothing is
 * lost or sent twice across reconnects, whatever shape the bus message has. A client's buffer is
 * the store itself, read a page at a time; a slow client only slows its own thread. Heartbeat
 * comments keep idle streams open; a write that fails ends the stream.
 */
final class EventStreams implements AutoCloseable {
    private static final int PAGE = 200;
    /** Action events of progress are not all announced on the bus, so action streams also look every so often. */
    private static final Duration ACTION_POLL = Duration.ofMillis(500);

    private final ApiServices services;
    private final Duration heartbeat;
    private final HttpObserver observer;
    private final Map<TenantId, Set<Semaphore>> waiting = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    EventStreams(ApiServices services, Duration heartbeat, HttpObserver observer) {
        this.services = services;
        this.heartbeat = heartbeat;
        this.observer = observer;
    }

    /** One fan-out subscription per topic for the whole server. */
    void start() {
        subscriptions.add(services.bus().subscribe(Topics.TENANT_EVENTS, this::wake));
        subscriptions.add(services.bus().subscribe(Topics.RESOURCE_CHANGED, this::wake));
    }

    private void wake(BusMessage m) {
        Set<Semaphore> set = waiting.get(m.tenant());
        if (set != null) set.forEach(Semaphore::release);
    }

    Reply tenantEvents(Call c) {
        Principal p = c.principal();
        long after = lastEventId(c);
        return sse(p.tenant(), heartbeat, out -> new Source() {
            long last = after;

            @Override
            public int sendNext() throws IOException {
                List<TenantEvent> events = services.tenantEvents().read(p.tenant(), last, PAGE);
                for (TenantEvent e : events) {
                    frame(out, e.seq(), e.type(), Json.writeString(Views.tenantEvent(e)));
                    last = e.seq();
                }
                return events.size();
            }
        });
    }

    Reply actionEvents(Call c) {
        Principal p = c.principal();
        String id = c.path("id");
        services.actions().action(p, id); // NOT_FOUND (another tenant's too) before the stream opens
        long after = lastEventId(c);
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
    }
}
