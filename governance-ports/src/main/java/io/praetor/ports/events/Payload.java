package io.praetor.ports.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bytes of a {@link BusMessage}'s payload, which nothing can change once it is built: readers get
 * a copy, a read-only buffer or the text, never the array. Equal by content. Thread-safe.
 *
 * <p>{@link #owning} takes an array over without copying it, for a sender that has just encoded it
 * (the outbox renders half a million events in a first scan, and a copy of each was 235 MB);
 * {@link #copyOf} copies it, for an array the caller keeps. {@link #deferred} encodes only when first
 * read: the in-process bus hands tenant events to subscribers that look only at the tenant, and a
 * first scan encoded half a million payloads that nothing read.
 */
public final class Payload {
    private static final Payload EMPTY = new Payload(new byte[0]);

    /** The bytes; null until a deferred payload is first read. */
    private volatile byte[] bytes;
    /** Encodes a deferred payload; dropped once it has (guarded by this payload's lock). */
    private Supplier<byte[]> encoder;

    private Payload(byte[] bytes) {
        this.bytes = bytes;
    }

    private Payload(Supplier<byte[]> encoder) {
        this.encoder = encoder;
    }

    /**
     * The payload of {@code bytes}, without a copy: the caller hands the array over and must not write
     * it, nor give it to anything that does, afterwards.
     */
    public static Payload owning(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Payload(bytes);
    }

    /**
     * A payload that {@code encoder} encodes when it is first read (any method but {@link #toString}),
     * once, however many threads read it; the encoder must return the same bytes whenever it is called,
     * and hand them over as {@link #owning} does. An encoder that throws leaves the payload unencoded,
     * and the next read tries again.
     */
    public static Payload deferred(Supplier<byte[]> encoder) {
        return new Payload(Objects.requireNonNull(encoder, "encoder"));
    }

    /** Encodes now, if it has not been; for a sender that spreads a batch's encoding over several threads. */
    public Payload encode() {
        bytes();
        return this;
    }

    private byte[] bytes() {
        byte[] b = bytes;
        if (b != null) return b;
        synchronized (this) {
            if (bytes == null) {
                bytes = Objects.requireNonNull(encoder.get(), "encoded payload");
                encoder = null;
            }
            return bytes;
        }
    }

    /** The payload of a copy of {@code bytes}. */
    public static Payload copyOf(byte[] bytes) {
        return owning(bytes.clone());
    }

    /** The payload of the UTF-8 encoding of {@code text}. */
    public static Payload utf8(String text) {
        return owning(text.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return bytes().length;
    }

    /** A copy of the bytes, for an API that takes an array. */
    public byte[] toByteArray() {
        return bytes().clone();
    }

    /** A read-only view of the bytes (position 0, limit {@link #size}); each call returns a new one. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes()).asReadOnlyBuffer();
    }

    /** The bytes decoded as UTF-8. */
    public String utf8() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Arrays.equals(bytes(), p.bytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        byte[] b = bytes;
        return b == null ? "Payload[not encoded yet]" : "Payload[" + b.length + " bytes]";
    }
}
