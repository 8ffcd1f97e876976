/**
 * The event bus on Kafka: topics {@code <prefix>.<topic>} partitioned by message key, work queues
 * as consumer groups committing after each answer, fan-out as group-less consumers of every
 * partition. Entry point: {@link io.praetor.adapters.bus.kafka.KafkaEventBus#connect}.
 */
package io.praetor.adapters.bus.kafka;
