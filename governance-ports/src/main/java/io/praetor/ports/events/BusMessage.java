package io.praetor.ports.events;

import io.praetor.ports.TenantId;
import java.util.Map;
import java.util.Objects;

/**
 * A message on the bus. {@code id} is unique per message and used by consumers to de-duplicate;
 * {@code key} orders messages (messages with one key are delivered in publish order to a group);
 * {@code payload} is JSON the sender encoded, which nothing can change ({@link Payload}).
 */
public record BusMessage(String id, String topic, TenantId tenant, String key, String type, Payload payload,
                         Map<String, String> headers) {
    public BusMessage {
        Objects.requireNonNull(id);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(key);
        Objects.requireNonNull(type);
        Objects.requireNonNull(payload);
        headers = Map.copyOf(headers);
    }

    /** A message with a copy of {@code payload} (the caller keeps the array; {@link Payload#owning} does not copy). */
    public BusMessage(String id, String topic, TenantId tenant, String key, String type, byte[] payload,
                      Map<String, String> headers) {
        this(id, topic, tenant, key, type, Payload.copyOf(payload), headers);
    }

    @Override
    public String toString() {
        return "BusMessage[id=" + id + ", topic=" + topic + ", tenant=" + tenant + ", type=" + type + "]";
    }
}
