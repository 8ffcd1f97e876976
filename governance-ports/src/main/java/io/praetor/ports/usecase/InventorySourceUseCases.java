package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.inventory.InventorySource;
import java.util.List;

/** Live inventory sources: register, list, sync now, and the scheduler's sync of what is due. */
public interface InventorySourceUseCases {
    /**
     * Registers (or replaces, by id) a source. VALIDATION when its kind has no connector installed,
     * its settings are unusable or its credential reference is unknown; CONFLICT when another source
     * of the tenant already covers the same kind and account (a sync would delete the other's resources).
     */
    InventorySource register(Principal principal, SourceRegistration registration);

    List<InventorySource> sources(Principal principal);

    /**
     * Reads the source whole and applies it as a full snapshot of its scope (its source name, provider
     * and account): resources it no longer lists are deleted. NOT_FOUND for an unknown id;
     * DEPENDENCY_UNAVAILABLE when the source cannot be read (nothing is changed then).
     */
    ImportResult sync(Principal principal, String id);

    /** Syncs, as the system, every source of every tenant whose schedule is due; returns how many ran. */
    int syncDue();
}
