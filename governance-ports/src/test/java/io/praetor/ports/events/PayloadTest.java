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

    @Test
    void deferred_encodesWhenFirstRead_once_whateverTheThreads() throws Exception {
        java.util.concurrent.atomic.AtomicInteger encoded = new java.util.concurrent.atomic.AtomicInteger();
        Payload p = Payload.deferred(() -> {
            encoded.incrementAndGet();
            return "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        });
        BusMessage m = message(p);
        assertThat(m.toString()).doesNotContain("{");
        assertThat(p.toString()).isEqualTo("Payload[not encoded yet]");
        assertThat(encoded).hasValue(0);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<String>> reads = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) reads.add(pool.submit(() -> {
                go.await();
                return p.utf8();
            }));
            go.countDown();
            for (var r : reads) assertThat(r.get()).isEqualTo("{\"a\":1}");
        }
        assertThat(p.size()).isEqualTo(7);
        assertThat(p).isEqualTo(Payload.utf8("{\"a\":1}")).hasSameHashCodeAs(Payload.utf8("{\"a\":1}"));
        assertThat(encoded).hasValue(1);
    }

    @Test
    void deferred_whoseEncoderThrows_triesAgainOnTheNextRead() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Payload p = Payload.deferred(() -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("first time");
            return "x".getBytes(StandardCharsets.UTF_8);
        });
        assertThatThrownBy(p::utf8).hasMessage("first time");
        assertThat(p.encode().utf8()).isEqualTo("x");
        assertThat(calls).hasValue(2);
    }
}
