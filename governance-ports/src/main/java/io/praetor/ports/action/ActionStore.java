package io.praetor.ports.action;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import java.util.Optional;

/**
 * Actions per tenant. Thread-safe; writes join the caller's transaction (so an action and its
 * events are stored together).
 *
 * <p>{@link #update} is a conditional write: it stores {@code updated} only when the stored revision
 * is {@code expectedRevision} and {@code fencingToken} is not lower than the highest token any
 * earlier update of this action carried (0 = no lock held, accepted only while no token was ever
 * seen). This is what lets a stale lock holder be rejected after its lease expired.
 */
public interface ActionStore {
    /** Stores a new action; throws CONFLICT when the id exists. */
    void create(TenantId tenant, Action action);

    Optional<Action> get(TenantId tenant, String id);

    /** Newest first. */
    Page<Action> query(TenantId tenant, ActionQuery query, PageRequest page);

    long count(TenantId tenant, ActionQuery query);

    TransitionOutcome update(TenantId tenant, Action updated, long expectedRevision, long fencingToken);
}
