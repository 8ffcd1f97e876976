package io.praetor.domain.act;

import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.Resource;

/**
 * Where the executor puts a resource's state as observed after a verified action, so that it is
 * stored as a resource change and findings re-evaluate through the normal path (wired to detect's
 * inventory upsert). Called inside the transaction that completes the action.
 */
@FunctionalInterface
public interface ObservedStateSink {
    void upsertObserved(TenantId tenant, Resource observed);

    /** Discards observations (for tests and setups without an inventory). */
    ObservedStateSink NONE = (tenant, observed) -> { };
}
