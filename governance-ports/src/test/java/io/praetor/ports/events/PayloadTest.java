package io.praetor.ports.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.TenantId;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTest {
    private static BusMessage message(Payload payload) {
        return new BusMessage("m-1", "topic", TenantId.of("t"), "k", "type", payload, Map.of());
    }

    @Test
    void owning_takesTheArrayOverWithoutACopy() {
        // issue 5: a message copied its payload when built and again when read (235 MB in a first scan)
        byte[] encoded = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        BusMessage m = message(Payload.owning(encoded));
        encoded[0] = '['; // what the contract forbids, to show that no copy was taken
        assertThat(m.payload().utf8()).isEqualTo("[\"a\":1}");
    }

    @Test
    void whatReadersGetCannotChangeThePayload() {
        Payload p = Payload.utf8("abc");
        p.toByteArray()[0] = 'x';
        assertThatThrownBy(() -> p.asReadOnlyBuffer().put(0, (byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(p.utf8()).isEqualTo("abc");
        assertThat(p.asReadOnlyBuffer().remaining()).isEqualTo(3);
    }

    @Test
    void theArrayConstructorAndCopyOf_copy() {
        byte[] kept = "abc".getBytes(StandardCharsets.UTF_8);
        BusMessage m = new BusMessage("m-1", "topic", TenantId.of("t"), "k", "type", kept, Map.of());
        Payload copied = Payload.copyOf(kept);
        kept[0] = 'x';
        assertThat(m.payload().utf8()).isEqualTo("abc");
        assertThat(copied.utf8()).isEqualTo("abc");
    }

    @Test
    void payloadsAndMessagesAreEqualByContent() {
        assertThat(Payload.utf8("abc")).isEqualTo(Payload.copyOf("abc".getBytes(StandardCharsets.UTF_8)))
                .hasSameHashCodeAs(Payload.utf8("abc")).isNotEqualTo(Payload.utf8("abd"));
        assertThat(Payload.owning(new byte[0])).isEqualTo(Payload.copyOf(new byte[0]));
        assertThat(message(Payload.utf8("x"))).isEqualTo(message(Payload.utf8("x"))).isNotEqualTo(message(Payload.utf8("y")));
    }
}
