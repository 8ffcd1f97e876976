package io.praetor.ports.evidence;

import io.praetor.ports.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Immutable, content-addressed evidence blobs per tenant. {@link #put} is idempotent: storing the
 * same bytes again returns a reference to the same hash and never rewrites them. A blob is
 * readable by its tenant only. Thread-safe. Storage failures are {@code DEPENDENCY_UNAVAILABLE}.
 */
public interface EvidenceStore {
    EvidenceRef put(TenantId tenant, byte[] content, String mediaType, String name, Optional<String> actionId);

    Optional<byte[]> get(TenantId tenant, String sha256);

    /** References of the tenant, of one action when given, in storing order. */
    List<EvidenceRef> list(TenantId tenant, Optional<String> actionId);

    /** Whether stored blobs are protected from deletion by the storage itself (WORM / object lock). */
    default boolean supportsObjectLock() {
        return false;
    }
}
