/**
 * The event bus on NATS JetStream: one stream per prefix, work queues as durable pull consumers
 * (one per key partition, one message in flight each), fan-out as ordered consumers. Entry point:
 * {@link io.praetor.adapters.bus.nats.NatsEventBus#connect}.
 */
package io.praetor.adapters.bus.nats;
