package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-process bus. Work queues: each group keeps a queue per message key and hands the head of a
 * key to one member at a time (round robin), so a key's messages are handled in publish order; a
 * delivery not acknowledged (handler threw, asked to retry, did not answer within {@code ackWait},
 * or its member closed) goes back to the head of its key and is redelivered, and after
 * {@code maxDeliveries} it is published on {@link Topics#deadLetter}. A group receives the messages
 * published after it was created; the last {@value #BACKLOG_LIMIT} messages published to a topic
 * before it has any group are kept for its first group, unless the topic has a fan-out subscriber:
 * such a topic is a fan-out topic ({@link Topics} says which are which), which never gets a group,
 * and its tail would hold thousands of messages for nobody. Fan-out subscribers each get their own ordered queue. Handlers run on a
 * cached pool of daemon threads, at most eight at a time per member; timers on one scheduler
 * thread. Nothing survives the process.
 */
final class InMemoryEventBus implements EventBus, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InMemoryEventBus.class.getName());
    static final String DEAD_LETTER_REASON = "praetor-dead-letter-reason";
    static final String DEAD_LETTER_ATTEMPTS = "praetor-dead-letter-attempts";
    /** Handlers one member runs at once (like a broker's max-ack-pending), which bounds the threads. */
    private static final int MAX_RUNNING = 8;
    /** Messages kept for a topic's first group; older ones are dropped. */
    static final int BACKLOG_LIMIT = 10_000;

    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("praetor-bus-worker"));
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("praetor-bus-timer"));
    private final ConcurrentMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final AtomicLong deliveryIds = new AtomicLong();
    private volatile boolean closed;

    InMemoryEventBus() {
        timers.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void publish(BusMessage message) {
        if (closed) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the in-memory bus is closed");
        Topic topic = topic(message.topic());
        synchronized (topic) {
            if (topic.groups.isEmpty() && !topic.fanOut) {
                // a work topic whose group has not joined yet (at startup): keep a bounded tail for it
                if (topic.backlog.size() == BACKLOG_LIMIT) topic.backlog.removeFirst();
                topic.backlog.addLast(message);
            } else {
                for (Group g : topic.groups.values()) g.enqueue(message);
            }
        }
        for (FanOut s : topic.subscribers) s.offer(message);
    }

    @Override
    public Subscription consume(String topicName, String group, WorkQueueOptions options,
                                Function<Delivery, Disposition> handler) {
        if (closed) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the in-memory bus is closed");
        Topic topic = topic(topicName);
        Group g;
        synchronized (topic) {
            g = topic.groups.get(group);
            if (g == null) {
                g = new Group(topicName);
                topic.groups.put(group, g);
                for (BusMessage m : topic.backlog) g.enqueue(m);
                topic.backlog.clear();
            }
        }
        Member member = new Member(options, handler);
        Group joined = g;
        joined.join(member);
        return () -> joined.leave(member);
    }

    @Override
    public Subscription subscribe(String topicName, Consumer<BusMessage> handler) {
        if (closed) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the in-memory bus is closed");
        Topic topic = topic(topicName);
        FanOut s = new FanOut(handler);
        synchronized (topic) {
            topic.fanOut = true;
            topic.backlog.clear();
        }
        topic.subscribers.add(s);
        return () -> {
            s.closed = true;
            topic.subscribers.remove(s);
        };
    }

    /** Stops every thread; later publishes fail with DEPENDENCY_UNAVAILABLE. */
    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        workers.shutdownNow();
    }

    /** Handlers of the group's members dispatched and not yet returned (for tests of the bound). */
    int runningHandlers(String topicName, String group) {
        Topic topic = topic(topicName);
        Group g;
        synchronized (topic) {
            g = topic.groups.get(group);
        }
        if (g == null) return 0;
        synchronized (g) {
            return g.members.stream().mapToInt(m -> m.running).sum();
        }
    }

    /** Messages kept for a topic's first group (for tests of the bound). */
    int backlog(String topicName) {
        Topic topic = topic(topicName);
        synchronized (topic) {
            return topic.backlog.size();
        }
    }

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, n -> new Topic());
    }

    private static final class Topic {
        final List<FanOut> subscribers = new CopyOnWriteArrayList<>();
        final Map<String, Group> groups = new LinkedHashMap<>();
        final ArrayDeque<BusMessage> backlog = new ArrayDeque<>();
        /** Once it has had a fan-out subscriber: no backlog is kept for a group (guarded by the topic's lock). */
        boolean fanOut;
    }

    /** A group member; {@code running} (guarded by the group's lock) counts its handlers still running. */
    private static final class Member {
        final WorkQueueOptions options;
        final Function<Delivery, Disposition> handler;
        int running;

        Member(WorkQueueOptions options, Function<Delivery, Disposition> handler) {
            this.options = options;
            this.handler = handler;
        }
    }

    /** One message waiting in, or being handled by, a group. {@code deliveryId} is 0 when not in flight. */
    private static final class Pending {
        final BusMessage message;
        int attempts;
        long deliveryId;
        Member member;
        ScheduledFuture<?> ackTimer;

        Pending(BusMessage message) {
            this.message = message;
        }
    }

    /** A consumer group; every field is guarded by the group's lock. */
    private final class Group {
        final String topic;
        final List<Member> members = new ArrayList<>();
        final Map<String, ArrayDeque<Pending>> byKey = new HashMap<>();
        final Queue<String> readyKeys = new ArrayDeque<>();
        int nextMember;

        Group(String topic) {
            this.topic = topic;
        }

        synchronized void enqueue(BusMessage m) {
            ArrayDeque<Pending> queue = byKey.computeIfAbsent(m.key(), k -> new ArrayDeque<>());
            queue.add(new Pending(m));
            if (queue.size() == 1) {
                readyKeys.add(m.key());
                dispatch();
            }
        }

        synchronized void join(Member m) {
            members.add(m);
            dispatch();
        }

        void leave(Member m) {
            List<BusMessage> dead = new ArrayList<>();
            synchronized (this) {
                if (!members.remove(m)) return;
                for (ArrayDeque<Pending> queue : byKey.values()) {
                    Pending head = queue.peek();
                    if (head != null && head.deliveryId != 0 && head.member == m) {
                        unacknowledged(head, Duration.ZERO, "member left", dead);
                    }
                }
                dispatch();
            }
            dead.forEach(this::publishDeadLetter);
        }

        /** Hands the head of every ready key to a member. */
        private void dispatch() {
            if (closed) return;
            while (!readyKeys.isEmpty()) {
                Member member = memberWithRoom();
                if (member == null) return;
                String key = readyKeys.poll();
                ArrayDeque<Pending> queue = byKey.get(key);
                Pending head = queue == null ? null : queue.peek();
                if (head == null || head.deliveryId != 0) continue;
                member.running++;
                long id = deliveryIds.incrementAndGet();
                head.attempts++;
                head.deliveryId = id;
                head.member = member;
                Delivery delivery = new Delivery(head.message, head.attempts);
                try {
                    head.ackTimer = timers.schedule(() -> expired(head, id),
                            member.options.ackWait().toNanos(), TimeUnit.NANOSECONDS);
                    workers.execute(() -> settle(member, head, id, handle(member, delivery)));
                } catch (RejectedExecutionException e) {
                    return; // the bus was closed meanwhile
                }
            }
        }

        /** The next member, round robin, running fewer than {@link #MAX_RUNNING} handlers; null if none. */
        private Member memberWithRoom() {
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(nextMember++ % members.size());
                if (m.running < MAX_RUNNING) return m;
            }
            return null;
        }

        private Disposition handle(Member member, Delivery delivery) {
            try {
                Disposition d = member.handler.apply(delivery);
                return d != null ? d : Disposition.retry(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "handler of " + topic + " failed; will redeliver", e);
                return Disposition.retry(Duration.ZERO);
            }
        }

        void settle(Member member, Pending p, long deliveryId, Disposition d) {
            List<BusMessage> dead = new ArrayList<>();
            synchronized (this) {
                member.running--;
                if (p.deliveryId != deliveryId) { // timed out or its member left: already redelivered
                    dispatch();
                    return;
                }
                switch (d) {
                    case Disposition.Ack ack -> finish(p);
                    case Disposition.Retry retry -> unacknowledged(p, retry.delay(), "retries exhausted", dead);
                    case Disposition.DeadLetter letter -> {
                        finish(p);
                        dead.add(deadLetter(p, letter.reason()));
                    }
                }
                dispatch();
            }
            dead.forEach(this::publishDeadLetter);
        }

        void expired(Pending p, long deliveryId) {
            List<BusMessage> dead = new ArrayList<>();
            synchronized (this) {
                if (p.deliveryId != deliveryId) return;
                unacknowledged(p, Duration.ZERO, "no answer within ack wait", dead);
                dispatch();
            }
            dead.forEach(this::publishDeadLetter);
        }

        /** A delivery that was not acknowledged: deliver again after {@code delay}, or give up. */
        private void unacknowledged(Pending p, Duration delay, String reason, List<BusMessage> dead) {
            Member member = p.member;
            p.deliveryId = 0;
            p.member = null;
            if (p.ackTimer != null) p.ackTimer.cancel(false);
            if (p.attempts >= member.options.maxDeliveries()) {
                finish(p);
                dead.add(deadLetter(p, reason));
                return;
            }
            String key = p.message.key();
            if (delay.isZero() || delay.isNegative()) {
                readyKeys.add(key);
            } else if (!closed) {
                try {
                    timers.schedule(() -> {
                        synchronized (this) {
                            readyKeys.add(key);
                            dispatch();
                        }
                    }, delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // the bus was closed meanwhile; nothing will be delivered again
                }
            }
        }

        /** Removes the head of its key and readies the next message of that key. */
        private void finish(Pending p) {
            if (p.ackTimer != null) p.ackTimer.cancel(false);
            p.deliveryId = -1;
            String key = p.message.key();
            ArrayDeque<Pending> queue = byKey.get(key);
            queue.remove(p);
            if (queue.isEmpty()) {
                byKey.remove(key);
            } else {
                readyKeys.add(key);
            }
        }

        private BusMessage deadLetter(Pending p, String reason) {
            BusMessage m = p.message;
            Map<String, String> headers = new HashMap<>(m.headers());
            headers.put(DEAD_LETTER_REASON, reason);
            headers.put(DEAD_LETTER_ATTEMPTS, Integer.toString(p.attempts));
            return new BusMessage(m.id(), Topics.deadLetter(topic), m.tenant(), m.key(), m.type(), m.payload(), headers);
        }

        private void publishDeadLetter(BusMessage m) {
            try {
                publish(m);
            } catch (PraetorException e) {
                LOG.log(System.Logger.Level.WARNING, "dropped dead letter " + m.id() + " of a closed bus");
            }
        }
    }

    /** A fan-out subscriber: its own queue, drained in order by one worker at a time. */
    private final class FanOut {
        final Consumer<BusMessage> handler;
        final Queue<BusMessage> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean draining = new AtomicBoolean();
        volatile boolean closed;

        FanOut(Consumer<BusMessage> handler) {
            this.handler = handler;
        }

        void offer(BusMessage m) {
            queue.add(m);
            drainSoon();
        }

        private void drainSoon() {
            if (draining.compareAndSet(false, true)) {
                try {
                    workers.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    draining.set(false);
                }
            }
        }

        private void drain() {
            BusMessage m;
            while (!closed && (m = queue.poll()) != null) {
                try {
                    handler.accept(m);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "fan-out subscriber failed on " + m.id(), e);
                }
            }
            draining.set(false);
            if (!closed && !queue.isEmpty()) drainSoon();
        }
    }
}
