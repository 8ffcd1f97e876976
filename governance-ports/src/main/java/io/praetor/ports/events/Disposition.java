package io.praetor.ports.events;

import java.time.Duration;

/** What a work-queue handler decided about a delivery. */
public sealed interface Disposition {
    /** Done; never deliver again. */
    record Ack() implements Disposition {}

    /** Deliver again (to any member of the group) after {@code delay}. */
    record Retry(Duration delay) implements Disposition {}

    /** Give up: move to the dead-letter topic ({@code <topic>.dlq}). */
    record DeadLetter(String reason) implements Disposition {}

    static Disposition ack() {
        return new Ack();
    }

    static Disposition retry(Duration delay) {
        return new Retry(delay);
    }
}
