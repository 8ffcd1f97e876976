/**
 * Detect's vocabulary: normalised {@link io.praetor.ports.inventory.Resource}s, the
 * {@link io.praetor.ports.inventory.ResourceStore} that keeps the current state per tenant, and live
 * inventory sources.
 */
package io.praetor.ports.inventory;
