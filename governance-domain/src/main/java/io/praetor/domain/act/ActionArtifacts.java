package io.praetor.domain.act;

import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.EvidenceRef;
import java.util.Optional;

/**
 * Keeps the artefacts of an action's steps as evidence: the plan, its diff, the preflight report,
 * the state before and after, and handler responses (wired to the evidence recorder). The returned
 * reference is listed in the action's {@code evidence}.
 */
@FunctionalInterface
public interface ActionArtifacts {
    Optional<EvidenceRef> record(TenantId tenant, String actionId, String name, String mediaType, byte[] content);

    /** Keeps nothing. */
    ActionArtifacts NONE = (tenant, actionId, name, mediaType, content) -> Optional.empty();
}
