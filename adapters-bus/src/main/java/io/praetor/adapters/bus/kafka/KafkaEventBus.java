package io.praetor.adapters.bus.kafka;

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
import io.praetor.ports.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The event bus on Kafka.
 *
 * <ul>
 *   <li>Topic {@code t} is the Kafka topic {@code <prefix>.t}; the Praetor topics and their dead-letter
 *       topics are created at connect, any other on first use (Admin, if absent). The producer is
 *       idempotent with {@code acks=all}; the record key is the message key, so the default
 *       partitioner keeps a key on one partition; id, tenant and type travel as headers.
 *       {@link #publish} returns once the in-sync replicas have the record.</li>
 *   <li>A work-queue group is a Kafka consumer group ({@code <prefix>.<topic>.<group>}, the KIP-848
 *       consumer protocol, manual commits). Each member polls on its own thread and hands at most one
 *       record per partition at a time to a handler thread, which keeps a key's records in order.
 *       Before a record is handed out the member commits the record's own offset with the attempt
 *       number as commit metadata, and after the answer the next offset: the committed metadata is
 *       how a member that takes over a partition (after a rebalance, a close or a crash) knows which
 *       attempt comes next, so {@code maxDeliveries} holds across members and crashes.</li>
 *   <li>Retry(delay) and handler exceptions re-deliver the same record after the delay, blocking its
 *       partition meanwhile (a seek back, not a re-publish: re-publishing would let later records of
 *       the same key overtake it). A handler that does not answer within {@code ackWait} is given up
 *       on and the record delivered again (its late answer is ignored). After {@code maxDeliveries}
 *       the record goes to {@code <topic>.dlq} with the reason.</li>
 *   <li>Fan-out subscribers are group-less consumers assigned every partition of the topic and
 *       positioned at its end offsets when {@link #subscribe} runs, so they see exactly what is
 *       published afterwards (in publish order per key; Kafka has no order across partitions).</li>
 * </ul>
 * Thread-safe. Close it to stop every consumer, the producer and the admin client.
 */
public final class KafkaEventBus implements EventBus, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KafkaEventBus.class.getName());
    static final String ID = "praetor-id";
    static final String TENANT = "praetor-tenant";
    static final String TYPE = "praetor-type";
    static final String HEADER_PREFIX = "praetor-h-";
    private static final String ATTEMPTS_METADATA = "praetor-attempts=";
    /** Records buffered per partition before the member stops fetching it. */
    private static final int BUFFER_HIGH = 500;
    private static final int BUFFER_LOW = 50;

    private final KafkaBusSettings settings;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final ExecutorService handlers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("praetor-kafka-handler-", 0).factory());
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong deliveryIds = new AtomicLong();
    private volatile boolean closed;

    private KafkaEventBus(KafkaBusSettings settings, Admin admin, KafkaProducer<String, byte[]> producer) {
        this.settings = settings;
        this.admin = admin;
        this.producer = producer;
    }

    /**
     * Connects to {@code settings.bootstrap()} and creates the Praetor topics (and their dead-letter
     * topics) if absent.
     *
     * @throws PraetorException DEPENDENCY_UNAVAILABLE when the cluster cannot be reached
     */
    public static KafkaEventBus connect(KafkaBusSettings settings) {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "praetor-" + settings.prefix() + "-admin");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis());
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis());
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "praetor-" + settings.prefix() + "-producer");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.publishTimeout().toMillis());
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis());
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis() + 1000);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Admin admin = null;
        KafkaProducer<String, byte[]> producer = null;
        try {
            admin = Admin.create(adminProps);
            producer = new KafkaProducer<>(producerProps);
            KafkaEventBus bus = new KafkaEventBus(settings, admin, producer);
            List<String> topics = new ArrayList<>();
            for (String t : List.of(Topics.ACTIONS_EXECUTE, Topics.TENANT_EVENTS, Topics.RESOURCE_CHANGED)) {
                topics.add(t);
                topics.add(Topics.deadLetter(t));
            }
            bus.ensureTopics(topics);
            return bus;
        } catch (KafkaException | PraetorException e) {
            if (producer != null) producer.close(Duration.ZERO);
            if (admin != null) admin.close(Duration.ZERO);
            if (e instanceof PraetorException p) throw p;
            throw unavailable("cannot connect to Kafka at " + settings.bootstrap(), e);
        }
    }

    /** The Kafka topic of a bus topic. */
    String kafkaTopic(String topic) {
        Deliveries.requireValidTopic(topic);
        return settings.prefix() + "." + topic;
    }

    private void ensureTopic(String topic) {
        if (!knownTopics.contains(topic)) ensureTopics(List.of(topic));
    }

    private void ensureTopics(List<String> topics) {
        List<NewTopic> missing = new ArrayList<>();
        for (String t : topics) {
            if (!knownTopics.contains(t)) {
                missing.add(new NewTopic(kafkaTopic(t), Optional.of(settings.partitions()), settings.replicationFactor()));
            }
        }
        if (missing.isEmpty()) return;
        var results = admin.createTopics(missing).values();
        for (NewTopic n : missing) {
            try {
                results.get(n.name()).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw unavailable("cannot create Kafka topic " + n.name(), e.getCause() instanceof Exception c ? c : e);
                }
            } catch (TimeoutException e) {
                throw unavailable("Kafka did not create topic " + n.name() + " in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("interrupted while creating Kafka topic " + n.name(), e);
            }
        }
        for (NewTopic n : missing) knownTopics.add(n.name().substring(settings.prefix().length() + 1));
    }

    @Override
    public void publish(BusMessage message) {
        requireOpen();
        try {
            producer.send(record(message)).get(settings.publishTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable("Kafka did not acknowledge message " + message.id() + " on " + message.topic(),
                    e.getCause() instanceof Exception c ? c : e);
        } catch (TimeoutException | KafkaException e) {
            throw unavailable("Kafka did not acknowledge message " + message.id() + " on " + message.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while publishing " + message.id(), e);
        }
    }

    /**
     * Hands every record to the producer first (it batches them per partition; the idempotent
     * producer keeps their order within a partition across retries), then gathers the acks in
     * order; the count is the first record whose ack failed or did not come in time.
     */
    @Override
    public Published publishAll(List<BusMessage> messages) {
        try {
            requireOpen();
        } catch (RuntimeException e) {
            return new Published(0, java.util.Optional.of(e));
        }
        PayloadEncoding.encodeAhead(messages);
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks =
                new ArrayList<>(messages.size());
        int acked = 0;
        try {
            for (BusMessage m : messages) acks.add(producer.send(record(m)));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.publishTimeout().toMillis() + 2000);
            for (; acked < acks.size(); acked++) {
                acks.get(acked).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return new Published(acked, java.util.Optional.empty());
        } catch (ExecutionException e) {
            return new Published(acked, java.util.Optional.of(unavailable("Kafka did not acknowledge message "
                    + messages.get(acked).id() + " on " + messages.get(acked).topic(), e.getCause() instanceof Exception c ? c : e)));
        } catch (TimeoutException | RuntimeException e) {
            int at = Math.min(acked, messages.size() - 1);
            return new Published(acked, java.util.Optional.of(unavailable("Kafka did not acknowledge message "
                    + messages.get(at).id() + " on " + messages.get(at).topic(), e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Published(acked, java.util.Optional.of(unavailable("interrupted while publishing", e)));
        }
    }

    private ProducerRecord<String, byte[]> record(BusMessage message) {
        String kafkaTopic = kafkaTopic(message.topic());
        ensureTopic(message.topic());
        RecordHeaders headers = new RecordHeaders();
        headers.add(ID, utf8(message.id()));
        headers.add(TENANT, utf8(message.tenant().value()));
        headers.add(TYPE, utf8(message.type()));
        message.headers().forEach((name, value) -> headers.add(HEADER_PREFIX + name, utf8(value)));
        return new ProducerRecord<>(kafkaTopic, null, message.key(), message.payload().toByteArray(), headers);
    }

    @Override
    public Subscription consume(String topic, String group, WorkQueueOptions options,
                                Function<Delivery, Disposition> handler) {
        requireOpen();
        String kafkaTopic = kafkaTopic(topic);
        ensureTopic(topic);
        WorkMember member = new WorkMember(topic, kafkaTopic, group, options, handler);
        open.add(member);
        member.start();
        return member;
    }

    @Override
    public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
        requireOpen();
        String kafkaTopic = kafkaTopic(topic);
        ensureTopic(topic);
        FanOut subscriber = new FanOut(topic, kafkaTopic, handler);
        open.add(subscriber);
        try {
            subscriber.start();
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
        return subscriber;
    }

    /** Whether a broker of the cluster answers within a second now (for readiness). */
    public boolean reachable() {
        if (closed) return false;
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
                    .get(1500, TimeUnit.MILLISECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    /** Stops every consumer (unanswered work goes back to its group), then the producer and admin client. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Subscription s : List.copyOf(open)) s.close();
        handlers.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private void requireOpen() {
        if (closed) throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the Kafka bus is closed");
    }

    private Properties consumerProps(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.publishTimeout().toMillis());
        return p;
    }

    /** The bus message a record carries; IllegalArgumentException if it was not written by this bus. */
    private static BusMessage decode(String topic, ConsumerRecord<String, byte[]> record) {
        Map<String, String> custom = new HashMap<>();
        String id = null;
        String tenant = null;
        String type = null;
        for (Header h : record.headers()) {
            String value = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
            switch (h.key()) {
                case ID -> id = value;
                case TENANT -> tenant = value;
                case TYPE -> type = value;
                default -> {
                    if (h.key().startsWith(HEADER_PREFIX)) custom.put(h.key().substring(HEADER_PREFIX.length()), value);
                }
            }
        }
        if (id == null || tenant == null || type == null || record.key() == null) {
            throw new IllegalArgumentException("record " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " lacks the Praetor headers or key");
        }
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        return new BusMessage(id, topic, TenantId.of(tenant), record.key(), type, payload, custom);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static PraetorException unavailable(String what, Exception cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, what + ": " + detail, cause);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted while waiting for Kafka metadata", e);
        }
    }

    /**
     * Runs a consumer call again when a wakeup meant for poll hit it instead. Each wakeup is consumed by
     * one call and they come only from answered deliveries (at most one per partition) and close, so
     * this ends.
     */
    private static <T> T ignoringWakeup(Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException e) {
                // meant for poll; try again
            }
        }
    }

    private static int attemptsIn(OffsetAndMetadata committed) {
        String meta = committed.metadata();
        if (meta == null || !meta.startsWith(ATTEMPTS_METADATA)) return 0;
        try {
            return Integer.parseInt(meta.substring(ATTEMPTS_METADATA.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One member of a work-queue group: a consumer polled on its own thread. */
    private final class WorkMember implements Subscription, ConsumerRebalanceListener {
        private final String topic;
        private final String group;
        private final WorkQueueOptions options;
        private final Function<Delivery, Disposition> handler;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread poller;
        private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        /** Partitions this member owns; only touched by the poller thread. */
        private final Map<TopicPartition, Owned> owned = new HashMap<>();
        /** Commits not yet done; only touched by the poller thread. */
        private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        private volatile boolean stopped;

        WorkMember(String topic, String kafkaTopic, String group, WorkQueueOptions options,
                   Function<Delivery, Disposition> handler) {
            this.topic = topic;
            this.group = group;
            this.options = options;
            this.handler = handler;
            Properties p = consumerProps("praetor-" + settings.prefix() + "-" + group + "-" + UUID.randomUUID());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.prefix() + "." + topic + "." + group);
            p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            this.consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of(kafkaTopic), this);
            this.poller = Thread.ofPlatform().daemon().name("praetor-kafka-" + topic + "-" + group).unstarted(this::run);
        }

        void start() {
            poller.start();
        }

        private void run() {
            try {
                while (!stopped) {
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = consumer.poll(pollTimeout());
                    } catch (WakeupException e) {
                        records = ConsumerRecords.empty();
                    } catch (KafkaException e) {
                        // e.g. the broker refused us for a while: keep the member alive and try again shortly
                        LOG.log(System.Logger.Level.WARNING, "poll of " + topic + "/" + group + " failed; retrying", e);
                        records = ConsumerRecords.empty();
                        Outcome early = outcomes.poll(1, TimeUnit.SECONDS);
                        if (early != null) outcomes.add(early);
                    }
                    for (TopicPartition tp : records.partitions()) {
                        Owned o = owned.get(tp);
                        if (o != null) o.buffer.addAll(records.records(tp));
                    }
                    settleAnswered();
                    expireUnanswered();
                    List<InFlight> starting = startDeliveries();
                    if (commit()) {
                        starting.forEach(this::dispatch);
                    } else {
                        starting.forEach(this::undoStart);
                    }
                    regulateFetching();
                }
            } catch (RuntimeException e) {
                if (!stopped) LOG.log(System.Logger.Level.ERROR, "consumer of " + topic + "/" + group + " stopped", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a Kafka consumer failed", e);
                }
            }
        }

        /** Until the nearest ack-wait deadline or retry time, at most half a second. */
        private Duration pollTimeout() {
            long now = System.nanoTime();
            long wait = TimeUnit.MILLISECONDS.toNanos(500);
            for (Owned o : owned.values()) {
                if (o.current != null) wait = Math.min(wait, o.current.deadline - now);
                else if (!o.buffer.isEmpty()) wait = Math.min(wait, o.retryAt - now);
            }
            return Duration.ofNanos(Math.max(0, wait));
        }

        /** Applies the answers handlers gave; late answers (given up on, or partition revoked) are ignored. */
        private void settleAnswered() {
            Outcome outcome;
            while ((outcome = outcomes.poll()) != null) {
                InFlight d = outcome.delivery;
                Owned o = d.partition;
                if (o.revoked || o.current != d) continue;
                o.current = null;
                switch (outcome.disposition) {
                    case Disposition.Ack ack -> done(o);
                    case Disposition.Retry retry -> {
                        if (d.attempt >= options.maxDeliveries()) {
                            deadLetter(o, d.message, "retries exhausted", d.attempt);
                        } else {
                            o.retryAt = System.nanoTime() + Math.max(0, retry.delay().toNanos());
                        }
                    }
                    case Disposition.DeadLetter letter -> deadLetter(o, d.message, letter.reason(), d.attempt);
                }
            }
        }

        private void expireUnanswered() {
            long now = System.nanoTime();
            for (Owned o : owned.values()) {
                if (o.current != null && now - o.current.deadline >= 0) {
                    LOG.log(System.Logger.Level.DEBUG, "no answer within ack wait for " + o.current.message.id());
                    o.current = null;
                    o.retryAt = now;
                }
            }
        }

        /** Takes the head of every idle partition whose retry time has come. */
        private List<InFlight> startDeliveries() {
            List<InFlight> starting = new ArrayList<>();
            long now = System.nanoTime();
            for (Owned o : owned.values()) {
                while (o.current == null && !o.buffer.isEmpty() && now - o.retryAt >= 0) {
                    ConsumerRecord<String, byte[]> head = o.buffer.peekFirst();
                    if (head.offset() != o.headOffset) {
                        o.headOffset = head.offset();
                        o.headAttempts = 0;
                    }
                    BusMessage message;
                    try {
                        message = decode(topic, head);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "skipping an unreadable record", e);
                        done(o);
                        continue;
                    }
                    int attempt = o.headAttempts + 1;
                    if (attempt > options.maxDeliveries()) {
                        // its last delivery was not answered (timed out, member left or crashed)
                        deadLetter(o, message, "no answer within ack wait", o.headAttempts);
                        continue;
                    }
                    o.headAttempts = attempt;
                    InFlight d = new InFlight(deliveryIds.incrementAndGet(), o, message, attempt,
                            now + options.ackWait().toNanos());
                    o.current = d;
                    toCommit.put(o.tp, new OffsetAndMetadata(head.offset(), ATTEMPTS_METADATA + attempt));
                    starting.add(d);
                }
            }
            return starting;
        }

        private void undoStart(InFlight d) {
            Owned o = d.partition;
            if (o.current == d) {
                o.current = null;
                o.headAttempts = d.attempt - 1;
                o.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            }
        }

        private void dispatch(InFlight d) {
            try {
                handlers.execute(() -> {
                    Disposition disposition = Deliveries.toWorker(handler, new Delivery(d.message, d.attempt), topic);
                    outcomes.add(new Outcome(d, disposition));
                    try {
                        consumer.wakeup(); // let the poller settle it now rather than after its poll
                    } catch (RuntimeException e) {
                        // the consumer is already closed
                    }
                });
            } catch (RejectedExecutionException e) {
                // the bus is closing: the committed attempt lets the next owner deliver it again
            }
        }

        /** The head of the partition is finished: commit past it. */
        private void done(Owned o) {
            ConsumerRecord<String, byte[]> head = o.buffer.pollFirst();
            o.headOffset = head.offset() + 1;
            o.headAttempts = 0;
            o.retryAt = 0;
            toCommit.put(o.tp, new OffsetAndMetadata(head.offset() + 1, ""));
        }

        private void deadLetter(Owned o, BusMessage message, String reason, int attempts) {
            try {
                publish(DeadLetters.of(message, reason, attempts));
                done(o);
            } catch (PraetorException e) {
                LOG.log(System.Logger.Level.WARNING, "could not dead-letter " + message.id() + "; will try again", e);
                o.retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
        }

        /** Commits what is pending; false (and keeps it) if the commit failed. */
        private boolean commit() {
            if (toCommit.isEmpty()) return true;
            toCommit.keySet().retainAll(owned.keySet());
            if (toCommit.isEmpty()) return true;
            try {
                Map<TopicPartition, OffsetAndMetadata> batch = Map.copyOf(toCommit);
                ignoringWakeup(() -> {
                    consumer.commitSync(batch);
                    return null;
                });
                toCommit.clear();
                return true;
            } catch (KafkaException e) {
                LOG.log(System.Logger.Level.WARNING, "commit for " + topic + "/" + group + " failed; will retry", e);
                return false;
            }
        }

        private void regulateFetching() {
            List<TopicPartition> pause = new ArrayList<>();
            List<TopicPartition> resume = new ArrayList<>();
            for (Owned o : owned.values()) {
                if (!o.paused && o.buffer.size() >= BUFFER_HIGH) {
                    o.paused = true;
                    pause.add(o.tp);
                } else if (o.paused && o.buffer.size() <= BUFFER_LOW) {
                    o.paused = false;
                    resume.add(o.tp);
                }
            }
            if (!pause.isEmpty()) consumer.pause(pause);
            if (!resume.isEmpty()) consumer.resume(resume);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) return;
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = ignoringWakeup(() -> consumer.committed(new HashSet<>(partitions)));
            } catch (KafkaException e) {
                // the position still comes from the committed offset; only the attempt count starts over
                LOG.log(System.Logger.Level.WARNING, "could not read the attempt counts of " + partitions, e);
                committed = Map.of();
            }
            for (TopicPartition tp : partitions) {
                Owned o = new Owned(tp);
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    o.headOffset = c.offset();
                    o.headAttempts = attemptsIn(c);
                }
                owned.put(tp, o);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // let running handlers of these partitions answer (briefly) so the next owner does not repeat them
            long deadline = System.nanoTime() + Math.min(options.ackWait().toNanos(), TimeUnit.SECONDS.toNanos(5));
            while (!stopped && partitions.stream().map(owned::get).anyMatch(o -> o != null && o.current != null)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    Outcome next = outcomes.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null) outcomes.add(next);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                settleAnswered();
            }
            settleAnswered();
            commit();
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                Owned o = owned.remove(tp);
                if (o != null) o.revoked = true;
                toCommit.remove(tp);
            }
        }

        @Override
        public void close() {
            if (stopped) return;
            stopped = true;
            consumer.wakeup();
            try {
                poller.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.remove(this);
        }
    }

    /** A partition a member owns; only touched by the member's poller thread. */
    private static final class Owned {
        final TopicPartition tp;
        final ArrayDeque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
        /** Deliveries so far of the record at {@code headOffset}. */
        long headOffset = -1;
        int headAttempts;
        long retryAt = System.nanoTime();
        InFlight current;
        boolean revoked;
        boolean paused;

        Owned(TopicPartition tp) {
            this.tp = tp;
        }
    }

    private record InFlight(long id, Owned partition, BusMessage message, int attempt, long deadline) {}

    private record Outcome(InFlight delivery, Disposition disposition) {}

    /** A fan-out subscriber: a group-less consumer of every partition, from the end offsets at subscribe. */
    private final class FanOut implements Subscription {
        private final String topic;
        private final String kafkaTopic;
        private final Consumer<BusMessage> handler;
        private final KafkaConsumer<String, byte[]> consumer;
        private volatile boolean stopped;
        private Thread poller;

        FanOut(String topic, String kafkaTopic, Consumer<BusMessage> handler) {
            this.topic = topic;
            this.kafkaTopic = kafkaTopic;
            this.handler = handler;
            this.consumer = new KafkaConsumer<>(consumerProps("praetor-" + settings.prefix() + "-fanout-" + UUID.randomUUID()));
        }

        void start() {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
            while (partitions.isEmpty()) {
                try {
                    for (PartitionInfo p : consumer.partitionsFor(kafkaTopic)) {
                        partitions.add(new TopicPartition(p.topic(), p.partition()));
                    }
                } catch (KafkaException e) {
                    if (System.nanoTime() > deadline) throw unavailable("cannot read the partitions of " + kafkaTopic, e);
                }
                if (partitions.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                                "Kafka reports no partitions for " + kafkaTopic);
                    }
                    pause(); // a topic just created may not be in the metadata yet
                }
            }
            consumer.assign(partitions);
            try {
                consumer.endOffsets(partitions).forEach(consumer::seek);
            } catch (KafkaException e) {
                throw unavailable("cannot read the end offsets of " + kafkaTopic, e);
            }
            poller = Thread.ofPlatform().daemon().name("praetor-kafka-fanout-" + topic).start(this::run);
        }

        private void run() {
            try {
                while (!stopped) {
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = consumer.poll(Duration.ofMillis(500));
                    } catch (WakeupException e) {
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : records) {
                        if (stopped) break;
                        BusMessage message;
                        try {
                            message = decode(topic, record);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "skipping an unreadable record", e);
                            continue;
                        }
                        Deliveries.toSubscriber(handler, message);
                    }
                }
            } catch (RuntimeException e) {
                if (!stopped) LOG.log(System.Logger.Level.ERROR, "fan-out consumer of " + topic + " stopped", e);
            } finally {
                try {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing a Kafka consumer failed", e);
                }
            }
        }

        @Override
        public void close() {
            if (stopped) return;
            stopped = true;
            Thread t = poller;
            if (t == null) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } else {
                consumer.wakeup();
                try {
                    t.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            open.remove(this);
        }
    }
}
