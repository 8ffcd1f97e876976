package io.praetor.domain.decide;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed tenant events on {@link Topics#TENANT_EVENTS} (key = tenant) and marks them
 * published. A bus failure leaves them unpublished in the store, where the outbox relay finds them
 * again; it never undoes the committed change.
 */
final class TenantEventPublisher {
    private static final Logger log = LoggerFactory.getLogger(TenantEventPublisher.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final EventBus bus;
    private final TenantEventStore store;

    TenantEventPublisher(EventBus bus, TenantEventStore store) {
        this.bus = bus;
        this.store = store;
    }

    void publish(List<TenantEvent> events) {
        if (events.isEmpty()) return;
        List<Long> done = new ArrayList<>();
        try {
            for (TenantEvent e : events) {
                bus.publish(new BusMessage(e.tenant() + ":" + e.seq(), Topics.TENANT_EVENTS, e.tenant(),
                        e.tenant().value(), e.type(), payload(e), Map.of()));
                done.add(e.seq());
            }
        } catch (RuntimeException ex) {
            log.warn("publishing {} tenant events failed; the outbox keeps them: {}", events.size() - done.size(), ex.toString());
        } finally {
            if (!done.isEmpty()) store.markPublished(events.get(0).tenant(), done);
        }
    }

    /** {@code {tenant, seq, type, at, data}} as JSON. */
    static byte[] payload(TenantEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("tenant", e.tenant().value());
            g.writeNumberField("seq", e.seq());
            g.writeStringField("type", e.type());
            g.writeStringField("at", e.at().toString());
            g.writeFieldName("data");
            write(g, e.data());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Long l -> g.writeNumber(l);
            case Integer i -> g.writeNumber(i);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> en : m.entrySet()) {
                    g.writeFieldName(String.valueOf(en.getKey()));
                    write(g, en.getValue());
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object x : c) write(g, x);
                g.writeEndArray();
            }
            default -> g.writeString(v.toString());
        }
    }
}
