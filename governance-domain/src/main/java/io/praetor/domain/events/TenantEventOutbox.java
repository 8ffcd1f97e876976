package io.praetor.domain.events;

import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Payload;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.events.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way tenant events reach the bus (ADR 0003): {@link #append} stores them in the caller's
 * transaction and registers their publication for after commit, so an event is never published
 * before it is stored, nor for a change that rolled back.
 *
 * <p>Publication puts every event on {@link Topics#TENANT_EVENTS} (key = tenant, message id
 * {@code tenant:seq}, payload {@code {tenant, seq, type, at, data}}) and, for work distribution,
 * each {@value #RESOURCE_CHANGED} event also on {@link Topics#RESOURCE_CHANGED} (key = resource id,
 * payload = the event's data, header {@code seq}); then marks it published. An event whose
 * publication failed stays unpublished in the store, and {@link #relay} publishes it later: delivery
 * is at least once, and subscribers de-duplicate by message id. Stateless and thread-safe.
 */
public final class TenantEventOutbox {
    public static final String RESOURCE_CHANGED = "resource.changed";

    private static final Logger LOG = LoggerFactory.getLogger(TenantEventOutbox.class);
    /** Events rendered and published at a time. */
    private static final int PUBLISH_CHUNK = 16_384;

    private final TenantEventStore store;
    private final EventBus bus;
    private final Transactions transactions;

    public TenantEventOutbox(TenantEventStore store, EventBus bus, Transactions transactions) {
        this.store = Objects.requireNonNull(store, "store");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Appends {@code drafts} in order inside the caller's transaction (or a transaction of their own
     * when none is open) and publishes them, with their seq, after it commits. The store may assign
     * the seqs only at commit (ADR 0029), which is why they are not returned here.
     */
    public void append(TenantId tenant, List<TenantEvent> drafts) {
        if (drafts.isEmpty()) return;
        store.appendAtCommit(tenant, drafts, transactions, appended -> publish(tenant, appended));
    }

    /**
     * Publishes up to {@code limit} of the oldest events any tenant left unpublished (the outbox
     * relay, run periodically); returns how many went out. A bus failure stops the round and leaves
     * the rest for the next one.
     */
    public int relay(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        Map<TenantId, List<TenantEvent>> byTenant = new LinkedHashMap<>();
        for (TenantEvent e : store.unpublished(limit)) {
            byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(e);
        }
        int published = 0;
        for (Map.Entry<TenantId, List<TenantEvent>> t : byTenant.entrySet()) {
            int n = publish(t.getKey(), t.getValue());
            published += n;
            if (n < t.getValue().size()) break; // the bus is failing: try again next round
        }
        return published;
    }

    /**
     * Publishes in order and marks what went out; returns how many did. A large batch goes out in
     * chunks, each published and marked before the next is built: half a million messages held at
     * once (a first scan's) were hundreds of megabytes that every young collection copied.
     */
    private int publish(TenantId tenant, List<TenantEvent> events) {
        int published = 0;
        for (int from = 0; from < events.size(); from += PUBLISH_CHUNK) {
            List<TenantEvent> chunk = events.subList(from, Math.min(events.size(), from + PUBLISH_CHUNK));
            int n = publishChunk(tenant, chunk);
            published += n;
            if (n < chunk.size()) break; // the bus failed (publishChunk said why): the rest stay in the outbox
        }
        return published;
    }

    private int publishChunk(TenantId tenant, List<TenantEvent> events) {
        List<BusMessage> messages = new ArrayList<>(events.size() + 8);
        int[] lastMessageOf = new int[events.size()];
        long[] seqs = new long[events.size()];
        String at = null;
        Instant previous = null;
        // each event read once: a store may make the event as it is read (the in-memory one does)
        for (int i = 0; i < events.size(); i++) {
            TenantEvent e = events.get(i);
            // the events of one change share their time: it is formatted once per run of one instant, not per event
            Instant t = e.at();
            if (!t.equals(previous)) at = t.toString();
            previous = t;
            messages(tenant, e, at, messages);
            lastMessageOf[i] = messages.size();
            seqs[i] = e.seq();
        }
        EventBus.Published published;
        try {
            published = bus.publishAll(messages);
        } catch (RuntimeException ex) {
            published = new EventBus.Published(0, java.util.Optional.of(ex));
        }
        // An event is out when all of its messages are.
        List<Long> done = new ArrayList<>(events.size());
        for (int i = 0; i < events.size() && lastMessageOf[i] <= published.count(); i++) done.add(seqs[i]);
        published.failure().ifPresent(ex -> LOG.warn(
                "publishing tenant events of {} stopped after {} of {}; the rest stay in the outbox: {}",
                tenant, done.size(), events.size(), ex.toString()));
        if (!done.isEmpty()) {
            try {
                store.markPublished(tenant, done);
            } catch (RuntimeException ex) {
                // They went out; the relay may send them again, which subscribers de-duplicate.
                LOG.warn("could not mark {} tenant events of {} published: {}", done.size(), tenant, ex.toString());
            }
        }
        return done.size();
    }

    /**
     * Adds the bus messages of one event to {@code into}: on {@link Topics#TENANT_EVENTS}, and a resource
     * change also on its topic. Their payloads are encoded when the bus first reads them.
     */
    private static void messages(TenantId tenant, TenantEvent e, String at, List<BusMessage> into) {
        into.add(new BusMessage(tenant.value() + ":" + e.seq(), Topics.TENANT_EVENTS, tenant, tenant.value(), e.type(),
                Payload.deferred(() -> JsonTreeWriter.toBytes(envelope(tenant, e, at))), Map.of()));
        if (RESOURCE_CHANGED.equals(e.type()) && e.data().get("resource_id") instanceof String resourceId) {
            into.add(new BusMessage(RESOURCE_CHANGED + ":" + tenant.value() + ":" + e.seq(), Topics.RESOURCE_CHANGED, tenant,
                    resourceId, e.type(), Payload.deferred(() -> JsonTreeWriter.toBytes(e.data())),
                    Map.of("seq", Long.toString(e.seq()))));
        }
    }

    /** The bus payload of a tenant event: {@code {tenant, seq, type, at, data}}. */
    public static Map<String, Object> envelope(TenantId tenant, TenantEvent e) {
        return envelope(tenant, e, e.at().toString());
    }

    /** {@link #envelope(TenantId, TenantEvent)} with {@code at}, the event's time, already formatted. */
    private static Map<String, Object> envelope(TenantId tenant, TenantEvent e, String at) {
        return io.praetor.domain.json.JsonObjects.ordered("tenant", tenant.value(), "seq", e.seq(), "type", e.type(),
                "at", at, "data", e.data());
    }
}
