/**
 * The per-tenant event log (the feed of {@code GET /events} and the outbox of the bus) and the
 * {@link io.praetor.ports.events.EventBus} that carries events and work between instances.
 */
package io.praetor.ports.events;
