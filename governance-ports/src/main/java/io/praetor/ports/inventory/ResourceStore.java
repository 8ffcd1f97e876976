package io.praetor.ports.inventory;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The current state of every resource, per tenant, identified by (tenant, id).
 *
 * <p>Thread-safe. Writes join the caller's {@link io.praetor.ports.Transactions transaction}.
 * {@link #putAll} replaces whole resources (last write wins: the caller has already assigned the
 * version). Reads never see another tenant's data. Listing order is by id unless a sort is given.
 */
public interface ResourceStore {
    Optional<Resource> get(TenantId tenant, String id);

    /**
     * Each of {@code ids} that exists, by id (one read for many, where {@link #get} per id would be
     * a round trip each: an import reads every resource it updates or deletes). The default asks
     * {@link #get} for each.
     */
    default Map<String, Resource> getAll(TenantId tenant, Collection<String> ids) {
        Map<String, Resource> out = new java.util.HashMap<>(Math.max(16, ids.size() * 2));
        for (String id : ids) get(tenant, id).ifPresent(r -> out.put(id, r));
        return out;
    }

    /** The stored content hash and version of each of {@code ids} that exists (for diffing). */
    Map<String, StoredVersion> versions(TenantId tenant, Collection<String> ids);

    Page<Resource> query(TenantId tenant, ResourceQuery query, PageRequest page);

    /** Streams every resource that matches, in id order, without holding them all in memory. */
    void forEach(TenantId tenant, ResourceQuery query, Consumer<Resource> consumer);

    /** Ids of the stored resources a full snapshot of {@code scope} covers. */
    Collection<String> idsInScope(TenantId tenant, ResourceScope scope);

    /** Inserts or replaces each resource by id. */
    void putAll(TenantId tenant, Collection<Resource> resources);

    /** Deletes the given ids; returns those that existed. */
    Collection<String> deleteAll(TenantId tenant, Collection<String> ids);

    long count(TenantId tenant);

    /** Version and content hash of one stored resource. */
    record StoredVersion(long version, String contentHash) {}
}
