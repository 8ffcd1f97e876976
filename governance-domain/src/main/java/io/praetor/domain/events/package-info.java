/**
 * The tenant event log as an outbox: {@link io.praetor.domain.events.TenantEventOutbox} appends the
 * events of a change in the change's transaction, publishes them on the bus after commit, and
 * relays what a bus failure left unpublished.
 */
package io.praetor.domain.events;
