package io.praetor.adapters.bus;

import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * How every broker adapter turns a message it gives up on into a dead letter: same id, tenant, key,
 * type and payload on {@link Topics#deadLetter}, with the reason and the number of deliveries as
 * headers (the names the in-memory bus uses too, so redrive tooling reads one format).
 */
public final class DeadLetters {
    /** Header: why the message was dead-lettered (handler reason, "retries exhausted", …). */
    public static final String REASON = "praetor-dead-letter-reason";
    /** Header: how many times the message had been delivered. */
    public static final String ATTEMPTS = "praetor-dead-letter-attempts";

    private DeadLetters() {}

    public static BusMessage of(BusMessage m, String reason, int attempts) {
        Map<String, String> headers = new HashMap<>(m.headers());
        headers.put(REASON, reason);
        headers.put(ATTEMPTS, Integer.toString(attempts));
        return new BusMessage(m.id(), Topics.deadLetter(m.topic()), m.tenant(), m.key(), m.type(), m.payload(), headers);
    }
}
