/**
 * The {@link io.praetor.ports.events.EventBus} port on real brokers: {@code .nats} (JetStream) and
 * {@code .kafka}. Entry points: {@code NatsEventBus.connect} and {@code KafkaEventBus.connect}.
 */
package io.praetor.adapters.bus;
