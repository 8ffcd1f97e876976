package io.praetor.ports.events;

/** One delivery of a message to a work-queue consumer; {@code attempt} counts from 1. */
public record Delivery(BusMessage message, int attempt) {}
