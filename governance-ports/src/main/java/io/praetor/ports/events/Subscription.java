package io.praetor.ports.events;

/** A running consumer; closing it stops deliveries (unacknowledged work goes back to the group). */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
