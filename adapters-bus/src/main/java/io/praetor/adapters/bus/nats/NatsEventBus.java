package io.praetor.adapters.bus.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.praetor.adapters.bus.DeadLetters;
import io.praetor.adapters.bus.Deliveries;
import io.praetor.adapters.bus.PayloadEncoding;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The event bus on NATS JetStream.
 *
 * <ul>
 *   <li>One stream per prefix (named after it, subjects {@code <prefix>.>}, limits retention with
 *       {@code maxAge}, file storage), created at connect if absent. A message of topic {@code t} and
 *       key {@code k} goes to subject {@code <prefix>.t.<hash(k) mod partitions>} with its id, tenant,
 *       key and type in headers; {@code Nats-Msg-Id} = {@code t/<id>} lets the stream drop a
 *       re-published duplicate within its two-minute window. {@link #publish} returns once the stream
 *       acknowledged the message.</li>
 *   <li>A work-queue group is one durable pull consumer per partition subject, with explicit ack,
 *       {@code AckWait} = the options' ack wait and {@code MaxAckPending} = 1. JetStream cannot limit
 *       in-flight messages per key, so partitioning plus one message in flight per partition is what
 *       keeps a key's messages in publish order across every member of the group (in any process);
 *       the cost is that a partition waits while its head is retried. Members share the durable
 *       consumers and pull from all of them; handlers run on virtual threads.</li>
 *   <li>Retry(delay) and handler exceptions are a NAK (with the delay); the server counts
 *       deliveries, and the member enforces {@code maxDeliveries}: a delivery past the limit (its
 *       earlier ones timed out, or their member left or crashed) goes straight to the dead-letter
 *       topic without reaching a handler. {@code MaxDeliver} stays unlimited on the server, so a
 *       dead letter that could not be published is simply tried again on the next delivery rather
 *       than stranded by the server's own limit.</li>
 *   <li>Fan-out subscribers are ordered consumers starting after the stream's last sequence at
 *       subscribe time, so they see exactly what is published afterwards, in stream order.</li>
 *   <li>The connection reconnects forever; the pull and ordered consumers resume by themselves, and
 *       publishes during an outage fail with {@code DEPENDENCY_UNAVAILABLE} after
 *       {@code publishTimeout}.</li>
 * </ul>
 * Thread-safe. Close it to stop every consumer and the connection.
 */
public final class NatsEventBus implements EventBus, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NatsEventBus.class.getName());
    static final String ID = "Praetor-Id";
    static final String TOPIC_HEADER = "Praetor-Topic";
    static final String TENANT = "Praetor-Tenant";
    static final String KEY = "Praetor-Key";
    static final String TYPE = "Praetor-Type";
    static final String HEADER_PREFIX = "Praetor-H-";
    /**
     * Pull requests expire after this, and the client expects a heartbeat every half of it: a consumer
     * whose server restarted notices the missing heartbeats and pulls again within a few seconds.
     */
    private static final long PULL_EXPIRY_MILLIS = 5_000;
    private static final Duration ACK_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
    /** Unacknowledged async publishes of one {@link #publishAll} at a time (the client's buffer stays bounded). */
    private static final int PUBLISH_WINDOW = 1024;

    private final NatsBusSettings settings;
    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final String stream;
    private final ExecutorService handlers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("praetor-nats-handler-", 0).factory());
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NatsEventBus(NatsBusSettings settings, Connection connection) throws IOException {
        this.settings = settings;
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        this.stream = streamName(settings.prefix());
    }

    /**
     * Connects to {@code settings.url()} and creates the prefix's stream if absent.
     *
     * @throws PraetorException DEPENDENCY_UNAVAILABLE when the server cannot be reached or has no JetStream
     */
    public static NatsEventBus connect(NatsBusSettings settings) {
        Options options = new Options.Builder()
                .server(settings.url())
                .connectionName("praetor-" + settings.prefix())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionListener((conn, event) -> LOG.log(System.Logger.Level.INFO, "NATS connection: " + event))
                .errorListener(new LoggingErrorListener())
                .build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (IOException e) {
            throw unavailable("cannot connect to NATS at " + settings.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while connecting to NATS at " + settings.url(), e);
        }
        try {
            NatsEventBus bus = new NatsEventBus(settings, connection);
            bus.ensureStream();
            return bus;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof PraetorException p) throw p;
            throw unavailable("NATS at " + settings.url() + " has no usable JetStream", e);
        }
    }

    /** The stream that holds every subject of {@code prefix}. */
    static String streamName(String prefix) {
        return prefix;
    }

    private void ensureStream() throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(stream);
            return;
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) throw e;
        }
        StreamConfiguration config = StreamConfiguration.builder()
                .name(stream)
                .subjects(settings.prefix() + ".>")
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .storageType(StorageType.File)
                .maxAge(settings.maxAge())
                .duplicateWindow(Duration.ofMinutes(2))
                .build();
        try {
            management.addStream(config);
        } catch (JetStreamApiException e) {
            // another instance created it first
            management.getStreamInfo(stream);
        }
    }

    @Override
    public void publish(BusMessage message) {
        requireOpen();
        String subject = subject(message.topic(), message.key());
        PublishOptions options = PublishOptions.builder()
                .expectedStream(stream)
                .messageId(message.topic() + "/" + message.id())
                .streamTimeout(settings.publishTimeout())
                .build();
        try {
            jetStream.publish(subject, headers(message), message.payload().toByteArray(), options);
        } catch (IOException | JetStreamApiException | IllegalStateException e) {
            throw unavailable("NATS JetStream did not acknowledge message " + message.id() + " on " + message.topic(), e);
        }
    }

    /**
     * Async publishes with at most {@link #PUBLISH_WINDOW} unacknowledged at a time; the acks are
     * gathered in order, so the count is the first message whose ack failed or did not come within
     * {@code publishTimeout} of its turn. Later messages may be stored too: republishing them is
     * de-duplicated by {@code Nats-Msg-Id}.
     */
    @Override
    public Published publishAll(List<BusMessage> messages) {
        try {
            requireOpen();
        } catch (RuntimeException e) {
            return new Published(0, java.util.Optional.of(e));
        }
        PayloadEncoding.encodeAhead(messages);
        java.util.ArrayDeque<java.util.concurrent.CompletableFuture<io.nats.client.api.PublishAck>> window =
                new java.util.ArrayDeque<>(PUBLISH_WINDOW);
        int acked = 0;
        int sent = 0;
        try {
            while (acked < messages.size()) {
                while (sent < messages.size() && window.size() < PUBLISH_WINDOW) {
                    BusMessage m = messages.get(sent);
                    PublishOptions options = PublishOptions.builder().expectedStream(stream)
                            .messageId(m.topic() + "/" + m.id()).build();
                    window.add(jetStream.publishAsync(subject(m.topic(), m.key()), headers(m), m.payload().toByteArray(), options));
                    sent++;
                }
                window.removeFirst().get(settings.publishTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                acked++;
            }
            return new Published(acked, java.util.Optional.empty());
        } catch (java.util.concurrent.ExecutionException e) {
            return new Published(acked, java.util.Optional.of(unavailable("NATS JetStream did not acknowledge message "
                    + messages.get(acked).id() + " on " + messages.get(acked).topic(), e.getCause() instanceof Exception c ? c : e)));
        } catch (TimeoutException | RuntimeException e) {
            return new Published(acked, java.util.Optional.of(unavailable("NATS JetStream did not acknowledge message "
                    + messages.get(acked).id() + " on " + messages.get(acked).topic(), e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Published(acked, java.util.Optional.of(unavailable("interrupted while publishing", e)));
        } finally {
            window.forEach(f -> f.cancel(false));
        }
    }

    @Override
    public Subscription consume(String topic, String group, WorkQueueOptions options,
                                Function<Delivery, Disposition> handler) {
        requireOpen();
        Deliveries.requireValidTopic(topic);
        WorkMember member = new WorkMember(topic, group, options, handler);
        try {
            member.start();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            member.close();
            if (e instanceof PraetorException p) throw p;
            throw unavailable("cannot start consumer group " + group + " on " + topic, e);
        }
        open.add(member);
        return member;
    }

    @Override
    public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
        requireOpen();
        Deliveries.requireValidTopic(topic);
        FanOut subscriber = new FanOut(handler);
        try {
            subscriber.start(topic);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            subscriber.close();
            if (e instanceof PraetorException p) throw p;
            throw unavailable("cannot subscribe to " + topic, e);
        }
        open.add(subscriber);
        return subscriber;
    }

    /** Whether the connection to the NATS server is up now (for readiness; it reconnects by itself). */
    public boolean reachable() {
        return !closed && connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** Stops every consumer (unacknowledged work goes back to its group) and closes the connection. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Subscription s : List.copyOf(open)) s.close();
        handlers.shutdownNow();
        try {
            // the NAKs that give held work back are plain publishes: make sure they left before closing
            connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not flush before closing; held work returns after ack wait", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(connection);
    }

    private void requireOpen() {
        if (closed) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the NATS bus is closed");
    }

    private String subject(String topic, String key) {
        Deliveries.requireValidTopic(topic);
        return settings.prefix() + "." + topic + "." + partition(key);
    }

    private String subject(String topic, int partition) {
        return settings.prefix() + "." + topic + "." + partition;
    }

    /** String.hashCode is specified by the JLS, so every instance maps a key to the same partition. */
    private int partition(String key) {
        return Math.floorMod(key.hashCode(), settings.partitions());
    }

    /** A durable consumer name: readable, and unique per (group, topic, partition) thanks to the hash. */
    private static String durableName(String group, String topic, int partition) {
        String readable = (group + "_" + topic).replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > 64) readable = readable.substring(0, 64);
        String hash = HexFormat.of().toHexDigits((group + "\n" + topic).hashCode());
        return readable + "_" + hash + "_" + partition;
    }

    private static Headers headers(BusMessage m) {
        Headers h = new Headers();
        h.put(ID, m.id());
        h.put(TOPIC_HEADER, m.topic());
        h.put(TENANT, m.tenant().value());
        h.put(KEY, m.key());
        h.put(TYPE, m.type());
        m.headers().forEach((name, value) -> h.put(HEADER_PREFIX + name, value));
        return h;
    }

    /** The bus message a NATS message carries; IllegalArgumentException if it was not written by this bus. */
    static BusMessage decode(Message msg) {
        Headers h = msg.getHeaders();
        if (h == null) throw new IllegalArgumentException("message on " + msg.getSubject() + " has no headers");
        Map<String, String> custom = new HashMap<>();
        for (String name : h.keySet()) {
            if (name.startsWith(HEADER_PREFIX)) custom.put(name.substring(HEADER_PREFIX.length()), h.getFirst(name));
        }
        byte[] data = msg.getData() == null ? new byte[0] : msg.getData();
        return new BusMessage(required(h, ID), required(h, TOPIC_HEADER), TenantId.of(required(h, TENANT)),
                required(h, KEY), required(h, TYPE), data, custom);
    }

    private static String required(Headers h, String name) {
        String value = h.getFirst(name);
        if (value == null) throw new IllegalArgumentException("message has no " + name + " header");
        return value;
    }

    private static PraetorException unavailable(String what, Exception cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, what + ": " + detail, cause);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(MessageConsumer consumer) {
        try {
            consumer.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a NATS consumer failed", e);
        }
    }

    /** One delivery handed to a handler; stale once the server redelivered it or the member gave it back. */
    private record InFlight(Message msg, long streamSeq, int attempt) {}

    /** One member of a work-queue group: pulls from every partition's durable consumer. */
    private final class WorkMember implements Subscription {
        private final String topic;
        private final String group;
        private final WorkQueueOptions options;
        private final Function<Delivery, Disposition> handler;
        private final Dispatcher dispatcher = connection.createDispatcher();
        private final List<MessageConsumer> consumers = new ArrayList<>();
        /** The latest delivery of each stream sequence this member holds. */
        private final ConcurrentMap<Long, InFlight> inFlight = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        WorkMember(String topic, String group, WorkQueueOptions options, Function<Delivery, Disposition> handler) {
            this.topic = topic;
            this.group = group;
            this.options = options;
            this.handler = handler;
        }

        void start() throws IOException, JetStreamApiException {
            StreamContext streamContext = jetStream.getStreamContext(stream);
            ConsumeOptions pull = ConsumeOptions.builder().batchSize(8).expiresIn(PULL_EXPIRY_MILLIS).build();
            for (int p = 0; p < settings.partitions(); p++) {
                ConsumerConfiguration config = ConsumerConfiguration.builder()
                        .durable(durableName(group, topic, p))
                        .filterSubject(subject(topic, p))
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(options.ackWait())
                        .maxDeliver(-1)
                        .maxAckPending(1)
                        .deliverPolicy(DeliverPolicy.All)
                        .build();
                ConsumerContext context = streamContext.createOrUpdateConsumer(config);
                synchronized (consumers) {
                    if (stopped) return;
                    consumers.add(context.consume(pull, dispatcher, this::received));
                }
            }
        }

        /** On the dispatcher thread: hand the delivery to a handler thread. */
        private void received(Message msg) {
            long seq = msg.metaData().streamSequence();
            int attempt = (int) Math.min(Integer.MAX_VALUE, msg.metaData().deliveredCount());
            InFlight delivery = new InFlight(msg, seq, attempt);
            inFlight.put(seq, delivery);
            if (stopped) {
                giveBack(delivery);
                return;
            }
            try {
                handlers.execute(() -> handle(delivery));
            } catch (RejectedExecutionException e) {
                giveBack(delivery);
            }
        }

        private void handle(InFlight delivery) {
            BusMessage message;
            try {
                message = decode(delivery.msg());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "dropping an unreadable message on " + delivery.msg().getSubject(), e);
                if (inFlight.remove(delivery.streamSeq(), delivery)) delivery.msg().term();
                return;
            }
            if (delivery.attempt() > options.maxDeliveries()) {
                // the server's extra delivery: the earlier ones were never answered (timed out, member left or died)
                if (inFlight.remove(delivery.streamSeq(), delivery)) {
                    deadLetter(delivery.msg(), message, "no answer within ack wait", delivery.attempt() - 1);
                }
                return;
            }
            settle(delivery, message, Deliveries.toWorker(handler, new Delivery(message, delivery.attempt()), topic));
        }

        private void settle(InFlight delivery, BusMessage message, Disposition disposition) {
            // a delivery that was redelivered meanwhile (ack wait passed) or given back is no longer ours
            if (!inFlight.remove(delivery.streamSeq(), delivery)) return;
            Message msg = delivery.msg();
            try {
                switch (disposition) {
                    case Disposition.Ack ack -> confirmAck(msg, message);
                    case Disposition.Retry retry -> {
                        if (delivery.attempt() >= options.maxDeliveries()) {
                            deadLetter(msg, message, "retries exhausted", delivery.attempt());
                        } else if (retry.delay().isZero() || retry.delay().isNegative()) {
                            msg.nak();
                        } else {
                            msg.nakWithDelay(retry.delay());
                        }
                    }
                    case Disposition.DeadLetter letter -> deadLetter(msg, message, letter.reason(), delivery.attempt());
                }
            } catch (IllegalStateException e) {
                // the connection is closed or reconnecting: the server redelivers after ack wait
                LOG.log(System.Logger.Level.DEBUG, "could not answer delivery of " + message.id(), e);
            }
        }

        /**
         * Waits for the server to record the ack: a plain ack can still sit in the client's buffer when the
         * server restarts, and the work would then be done a second time.
         */
        private void confirmAck(Message msg, BusMessage message) {
            try {
                msg.ackSync(ACK_CONFIRM_TIMEOUT);
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "ack of " + message.id() + " unconfirmed; the server may redeliver it", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deadLetter(Message msg, BusMessage message, String reason, int attempts) {
            try {
                publish(DeadLetters.of(message, reason, attempts));
                msg.term();
            } catch (PraetorException e) {
                LOG.log(System.Logger.Level.WARNING, "could not dead-letter " + message.id() + "; will try again", e);
                msg.nakWithDelay(Duration.ofSeconds(1));
            }
        }

        private void giveBack(InFlight delivery) {
            if (inFlight.remove(delivery.streamSeq(), delivery)) {
                try {
                    delivery.msg().nak();
                } catch (IllegalStateException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not give back a delivery; ack wait will", e);
                }
            }
        }

        @Override
        public void close() {
            List<MessageConsumer> toClose;
            synchronized (consumers) {
                if (stopped) return;
                stopped = true;
                toClose = List.copyOf(consumers);
            }
            toClose.forEach(NatsEventBus::closeQuietly);
            for (InFlight delivery : List.copyOf(inFlight.values())) giveBack(delivery);
            try {
                connection.closeDispatcher(dispatcher);
            } catch (IllegalStateException e) {
                // the connection is already closed
            }
            open.remove(this);
        }
    }

    /** A fan-out subscriber: an ordered consumer, its handler called on its own dispatcher thread. */
    private final class FanOut implements Subscription {
        private final Consumer<BusMessage> handler;
        private final Dispatcher dispatcher = connection.createDispatcher();
        private volatile MessageConsumer consumer;
        private volatile boolean stopped;

        FanOut(Consumer<BusMessage> handler) {
            this.handler = handler;
        }

        void start(String topic) throws IOException, JetStreamApiException {
            // start after what is already stored, fixed now, so nothing published after subscribe returns is missed
            long last = management.getStreamInfo(stream).getStreamState().getLastSequence();
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                    .filterSubject(settings.prefix() + "." + topic + ".*")
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(last + 1);
            consumer = jetStream.getStreamContext(stream).createOrderedConsumer(config)
                    .consume(ConsumeOptions.builder().expiresIn(PULL_EXPIRY_MILLIS).build(), dispatcher, this::received);
        }

        private void received(Message msg) {
            if (stopped) return;
            BusMessage message;
            try {
                message = decode(msg);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping an unreadable message on " + msg.getSubject(), e);
                return;
            }
            Deliveries.toSubscriber(handler, message);
        }

        @Override
        public void close() {
            if (stopped) return;
            stopped = true;
            MessageConsumer c = consumer;
            if (c != null) closeQuietly(c);
            try {
                connection.closeDispatcher(dispatcher);
            } catch (IllegalStateException e) {
                // the connection is already closed
            }
            open.remove(this);
        }
    }

    /** Logs what the client reports asynchronously (slow consumers, server errors). */
    private static final class LoggingErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.log(System.Logger.Level.WARNING, "NATS server error: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (exp instanceof IOException) {
                // connection trouble: the reconnect loop handles it, one line each is enough
                LOG.log(System.Logger.Level.WARNING, "NATS connection problem: " + exp);
            } else {
                LOG.log(System.Logger.Level.WARNING, "NATS client exception", exp);
            }
        }
    }
}
