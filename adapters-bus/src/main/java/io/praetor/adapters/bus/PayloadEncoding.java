package io.praetor.adapters.bus;

import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Payload;
import java.util.List;

/**
 * Encodes a large batch's payloads on every core before a broker bus sends it: the outbox's payloads
 * are deferred (the in-process bus mostly never reads them), and a broker's send loop would
 * otherwise encode a first scan's half a million one after another on its one thread.
 */
public final class PayloadEncoding {
    /** Batches of at least this many messages are encoded in parallel. */
    static final int PARALLEL_FROM = 2048;

    private PayloadEncoding() {}

    public static void encodeAhead(List<BusMessage> messages) {
        if (messages.size() >= PARALLEL_FROM) messages.parallelStream().map(BusMessage::payload).forEach(Payload::encode);
    }
}
