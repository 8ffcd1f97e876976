package io.praetor.ports.usecase;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import java.io.InputStream;

/** Detect: imports, single changes and resource reads. */
public interface InventoryUseCases {
    /**
     * Reads {@code body} in the given format and applies it as one all-or-nothing unit. Malformed
     * input is MALFORMED and invalid input VALIDATION, with the position in {@code issues()};
     * nothing is stored then.
     */
    ImportResult importSnapshot(Principal principal, SnapshotImport request, InputStream body);

    /** Upserts one resource (a change like any other); returns it as stored. */
    Resource putResource(Principal principal, Resource resource);

    /** Deletes one resource; its findings resolve. NOT_FOUND when absent. */
    void deleteResource(Principal principal, String id);

    Page<Resource> resources(Principal principal, ResourceQuery query, PageRequest page);

    /** NOT_FOUND when absent. */
    ResourceView resource(Principal principal, String id);
}
