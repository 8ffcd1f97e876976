package io.praetor.ports.events;

import io.praetor.ports.TenantId;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A message on the bus. {@code id} is unique per message and used by consumers to de-duplicate;
 * {@code key} orders messages (messages with one key are delivered in publish order to a group);
 * {@code payload} is JSON the sender encoded.
 */
public record BusMessage(String id, String topic, TenantId tenant, String key, String type, byte[] payload,
                         Map<String, String> headers) {
    public BusMessage {
        Objects.requireNonNull(id);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(tenant);
        Objects.requireNonNull(key);
        Objects.requireNonNull(type);
        payload = payload.clone();
        headers = Map.copyOf(headers);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusMessage m && id.equals(m.id) && topic.equals(m.topic) && tenant.equals(m.tenant)
                && key.equals(m.key) && type.equals(m.type) && Arrays.equals(payload, m.payload)
                && headers.equals(m.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, topic, tenant, key, type, Arrays.hashCode(payload), headers);
    }

    @Override
    public String toString() {
        return "BusMessage[id=" + id + ", topic=" + topic + ", tenant=" + tenant + ", type=" + type + "]";
    }
}
