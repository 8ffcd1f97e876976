package io.praetor.ports.finding;

import io.praetor.ports.SortOrder;
import io.praetor.ports.policy.Severity;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Filters of {@code GET /findings}; empty means "any". */
public record FindingQuery(
        Optional<FindingStatus> status,
        Optional<Severity> severity,
        Optional<String> policyId,
        Optional<String> resourceId,
        Optional<String> resourceType,
        Optional<String> account,
        Optional<String> framework,
        Map<String, String> tags,
        Optional<SortOrder> sort) {

    public FindingQuery {
        Objects.requireNonNull(status);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(resourceType);
        Objects.requireNonNull(account);
        Objects.requireNonNull(framework);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(sort);
    }

    public static FindingQuery all() {
        return new FindingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
    }

    public FindingQuery withStatus(FindingStatus s) {
        return new FindingQuery(Optional.of(s), severity, policyId, resourceId, resourceType, account, framework, tags, sort);
    }

    public FindingQuery withPolicy(String id) {
        return new FindingQuery(status, severity, Optional.of(id), resourceId, resourceType, account, framework, tags, sort);
    }

    public FindingQuery withResource(String id) {
        return new FindingQuery(status, severity, policyId, Optional.of(id), resourceType, account, framework, tags, sort);
    }

    public boolean matches(Finding f) {
        if (status.isPresent() && status.get() != f.status()) return false;
        if (severity.isPresent() && severity.get() != f.severity()) return false;
        if (policyId.isPresent() && !policyId.get().equals(f.policyId())) return false;
        if (resourceId.isPresent() && !resourceId.get().equals(f.resourceId())) return false;
        if (resourceType.isPresent() && !resourceType.get().equals(f.resourceType())) return false;
        if (account.isPresent() && !account.get().equals(f.account())) return false;
        if (framework.isPresent() && !f.frameworks().contains(framework.get())) return false;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getValue().equals(f.tags().get(t.getKey()))) return false;
        }
        return true;
    }
}
