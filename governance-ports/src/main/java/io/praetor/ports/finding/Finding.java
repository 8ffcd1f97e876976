package io.praetor.ports.finding;

import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A policy violated by a resource. There is at most one finding per (tenant, policy, resource);
 * it re-opens rather than being duplicated.
 *
 * @param frameworks the names of the frameworks the policy maps to (for filtering)
 * @param tags the resource's tags when last evaluated (for filtering)
 */
public record Finding(
        String id,
        String policyId,
        String resourceId,
        String resourceKey,
        String resourceType,
        String account,
        Severity severity,
        double riskScore,
        FindingStatus status,
        String title,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        Optional<Instant> resolvedAt,
        Optional<String> exemptionId,
        List<String> actionIds,
        Set<String> frameworks,
        Map<String, String> tags) {

    public Finding {
        Objects.requireNonNull(id);
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(resourceKey);
        Objects.requireNonNull(resourceType);
        Objects.requireNonNull(account);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(status);
        Objects.requireNonNull(title);
        Objects.requireNonNull(message);
        Objects.requireNonNull(firstSeen);
        Objects.requireNonNull(lastSeen);
        Objects.requireNonNull(resolvedAt);
        Objects.requireNonNull(exemptionId);
        actionIds = List.copyOf(actionIds);
        frameworks = Set.copyOf(frameworks);
        tags = Map.copyOf(tags);
    }

    public Finding withStatus(FindingStatus newStatus, Instant at, Optional<String> exemption) {
        Optional<Instant> resolved = newStatus == FindingStatus.RESOLVED ? Optional.of(at) : Optional.empty();
        return new Finding(id, policyId, resourceId, resourceKey, resourceType, account, severity, riskScore,
                newStatus, title, message, firstSeen, lastSeen, resolved, exemption, actionIds, frameworks, tags);
    }

    public Finding withActionId(String actionId) {
        List<String> ids = new java.util.ArrayList<>(actionIds);
        if (!ids.contains(actionId)) ids.add(actionId);
        return new Finding(id, policyId, resourceId, resourceKey, resourceType, account, severity, riskScore,
                status, title, message, firstSeen, lastSeen, resolvedAt, exemptionId, ids, frameworks, tags);
    }
}
