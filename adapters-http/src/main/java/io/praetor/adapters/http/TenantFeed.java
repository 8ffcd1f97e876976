package io.praetor.adapters.http;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The live part of one tenant's {@code /events} streams (ADR 0017): one virtual thread reads the
 * tenant event store after the last seq it read — once per wake-up, whatever the number of clients
 * — renders each event once, and offers what it read to every joined client's bounded queue as
 * {@link Batch}es: the frames of consecutive seqs already joined into one byte array (ADR 0037), so
 * that a client writes and flushes once per wake-up, however many events it brought. A client
 * whose queue would hold more events than its capacity is dropped: it gets no more frames, its
 * stream ends once it has written what it holds, and it resumes with {@code Last-Event-ID}. The
 * store stays the source of truth (ADR 0010): a client only joins once it has read the store up to
 * where the feed is, and a client that sees a gap reads the store again.
 */
final class TenantFeed {
    /** One rendered SSE frame. */
    record Frame(long seq, Instant at, byte[] bytes) {}

    /**
     * Frames of consecutive seqs, in order, and their bytes joined once for every client; {@link
     * #END} tells a client to stop.
     */
    record Batch(List<Frame> frames, byte[] bytes) {
        static Batch of(List<Frame> frames) {
            int length = 0;
            for (Frame f : frames) length += f.bytes().length;
            byte[] joined = new byte[length];
            int at = 0;
            for (Frame f : frames) {
                System.arraycopy(f.bytes(), 0, joined, at, f.bytes().length);
                at += f.bytes().length;
            }
            return new Batch(List.copyOf(frames), joined);
        }

        long first() {
            return frames.getFirst().seq();
        }

        long last() {
            return frames.getLast().seq();
        }

        int size() {
            return frames.size();
        }
    }

    static final Batch END = new Batch(List.of(), new byte[0]);

    /**
     * One client's side: its queue of batches, bounded in events (not batches, so that the setting
     * means what it says), and whether the feed dropped it. Only the feed adds batches (under its
     * lock); only the client's thread takes them.
     */
    static final class Client {
        private final int capacity;
        private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
        private final AtomicInteger queuedEvents = new AtomicInteger();
        volatile boolean dropped;

        Client(int capacity) {
            this.capacity = capacity;
        }

        /** Queues {@code b} unless the queue would then hold more events than the capacity. */
        boolean offer(Batch b) {
            if (queuedEvents.get() + b.size() > capacity) return false;
            queuedEvents.addAndGet(b.size());
            queue.add(b);
            return true;
        }

        /** The next batch, {@link #END}, or null when none came within the time. */
        Batch poll(long nanos) throws InterruptedException {
            Batch b = queue.poll(nanos, TimeUnit.NANOSECONDS);
            if (b != null) queuedEvents.addAndGet(-b.size());
            return b;
        }

        boolean isEmpty() {
            return queue.isEmpty();
        }

        /** The end marker goes in whatever the queue holds: the client writes that first. */
        void end() {
            queue.add(END);
        }

        private void clear() {
            queue.clear();
            queuedEvents.set(0);
        }
    }

    /** What the feed reports: frames fanned out (with the event's age) and clients dropped. */
    interface Listener {
        void fannedOut(int frames, Duration oldestAge);

        void dropped();
    }

    private final TenantId tenant;
    private final TenantEventStore store;
    private final Function<TenantEvent, Frame> render;
    private final int page;
    private final int recentCapacity;
    private final Duration poll;
    private final Listener listener;
    private final java.time.InstantSource clock;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();
    private final Semaphore wake = new Semaphore(0);
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastRead; // guarded by this
    private boolean stopped; // guarded by this
    private volatile boolean closed;

    TenantFeed(TenantId tenant, TenantEventStore store, Function<TenantEvent, Frame> render, int page, int recentCapacity,
               Duration poll, Listener listener, java.time.InstantSource clock, long startAfter) {
        this.tenant = tenant;
        this.store = store;
        this.render = render;
        this.page = page;
        this.recentCapacity = recentCapacity;
        this.poll = poll;
        this.listener = listener;
        this.clock = clock;
        this.lastRead = startAfter;
    }

    /** Starts reading, once; called by the first client after it joined, so the feed never starts idle. */
    void start() {
        if (started.compareAndSet(false, true)) Thread.ofVirtual().name("sse-feed-" + tenant.value()).start(this::pump);
    }

    void wake() {
        wake.release();
    }

    void close() {
        closed = true;
        wake.release();
        for (Client c : clients) {
            c.dropped = true;
            c.end();
        }
    }

    /**
     * Joins a client that has written everything up to {@code sentUpTo}: queues the recent frames it
     * has not seen. Returns false when the feed is stopped (get another) or ahead by more than it
     * keeps (read the store again, then join).
     */
    synchronized JoinResult join(Client client, long sentUpTo) {
        if (stopped) return JoinResult.STOPPED;
        if (lastRead > sentUpTo) {
            Frame first = recent.peekFirst();
            if (first == null || first.seq() > sentUpTo + 1) return JoinResult.BEHIND;
            List<Frame> unsent = new ArrayList<>();
            for (Frame f : recent) {
                if (f.seq() > sentUpTo) unsent.add(f);
            }
            for (Batch b : batches(unsent, client.capacity)) {
                if (!client.offer(b)) {
                    client.clear(); // not joined: nobody else offers to it
                    return JoinResult.BEHIND;
                }
            }
        }
        clients.add(client);
        return JoinResult.JOINED;
    }

    enum JoinResult { JOINED, BEHIND, STOPPED }

    void leave(Client client) {
        clients.remove(client);
        wake.release(); // lets the feed notice it has no clients left
    }

    private void pump() {
        try {
            while (!closed) {
                // read first: events stored before this feed existed were announced to nobody
                readAndFanOut();
                wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (stopIfIdle()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the store failed: drop everyone so they reconnect and read the store themselves
            System.getLogger(TenantFeed.class.getName()).log(System.Logger.Level.WARNING,
                    "event feed of " + tenant + " stopped: " + e);
            synchronized (this) {
                stopped = true;
            }
            for (Client c : clients) drop(c);
            clients.clear();
        }
    }

    private synchronized boolean stopIfIdle() {
        if (!clients.isEmpty()) return false;
        stopped = true;
        recent.clear();
        return true;
    }

    boolean isStopped() {
        synchronized (this) {
            return stopped;
        }
    }

    private void readAndFanOut() {
        while (true) {
            long after;
            synchronized (this) {
                after = lastRead;
            }
            List<TenantEvent> events = store.read(tenant, after, page);
            if (events.isEmpty()) return;
            List<Frame> frames = new ArrayList<>(events.size());
            for (TenantEvent e : events) frames.add(render.apply(e));
            // joined once here for every client; no batch larger than a queue holds (it would drop a client that keeps up)
            List<Batch> batches = batches(frames, recentCapacity);
            synchronized (this) {
                for (Frame f : frames) {
                    recent.addLast(f);
                    if (recent.size() > recentCapacity) recent.removeFirst();
                }
                lastRead = frames.getLast().seq();
                for (Client c : clients) {
                    for (Batch b : batches) {
                        if (!c.offer(b)) {
                            clients.remove(c);
                            drop(c);
                            break;
                        }
                    }
                }
            }
            listener.fannedOut(frames.size(), Duration.between(frames.getFirst().at(), clock.instant()));
            if (events.size() < page) return;
        }
    }

    private void drop(Client c) {
        c.dropped = true;
        c.end();
        listener.dropped();
    }

    /**
     * {@code frames} (in seq order) cut into batches of consecutive seqs of at most {@code max}
     * frames: a hole in the seqs starts a new batch, so a client still sees it and reads the store
     * for it, as it did frame by frame.
     */
    static List<Batch> batches(List<Frame> frames, int max) {
        List<Batch> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= frames.size(); i++) {
            boolean cut = i == frames.size() || i - from == max || frames.get(i).seq() != frames.get(i - 1).seq() + 1;
            if (cut) {
                if (i > from) out.add(Batch.of(frames.subList(from, i)));
                from = i;
            }
        }
        return out;
    }
}
