package io.praetor.adapters.bus;

import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What every broker adapter does the same way when it hands a message to application code, and the
 * topic names it accepts, so the NATS and Kafka adapters cannot drift apart on either.
 */
public final class Deliveries {
    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private Deliveries() {}

    /**
     * Runs a work-queue handler on one delivery. A handler that throws or answers nothing has not
     * handled the message: it is retried at once (the adapter counts the attempt and dead-letters
     * after the last one), never acknowledged by accident.
     */
    public static Disposition toWorker(Function<Delivery, Disposition> handler, Delivery delivery, String topic) {
        try {
            Disposition disposition = handler.apply(delivery);
            return disposition == null ? Disposition.retry(Duration.ZERO) : disposition;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "handler of " + topic + " failed; will redeliver", e);
            return Disposition.retry(Duration.ZERO);
        }
    }

    /** Gives a fan-out subscriber one message; its failure is its own and must not stop the feed of the others. */
    public static void toSubscriber(Consumer<BusMessage> subscriber, BusMessage message) {
        try {
            subscriber.accept(message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "fan-out subscriber failed on " + message.id(), e);
        }
    }

    /** Throws unless {@code topic} is dot-separated tokens of {@code [A-Za-z0-9_-]} (valid as a subject and a topic). */
    public static void requireValidTopic(String topic) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic must be dot-separated tokens of [A-Za-z0-9_-]: " + topic);
        }
    }
}
