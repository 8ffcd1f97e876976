package io.praetor.ports.finding;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Findings per tenant, unique by (policy, resource), and the pair counts per policy.
 *
 * <p>Thread-safe; writes join the caller's transaction. {@link #putAll} inserts or replaces by id.
 * Default listing order is by id; {@code sort=-risk_score} and {@code sort=last_seen} are supported.
 */
public interface FindingStore {
    Optional<Finding> get(TenantId tenant, String id);

    Optional<Finding> find(TenantId tenant, String policyId, String resourceId);

    /** Every finding (any status) of the given resource. */
    List<Finding> forResource(TenantId tenant, String resourceId);

    /**
     * Every finding (any status) of each given resource, by resource id; a resource without
     * findings has no entry. One read for a batch of changed resources instead of one each.
     */
    default Map<String, List<Finding>> forResources(TenantId tenant, Collection<String> resourceIds) {
        Map<String, List<Finding>> byResource = new HashMap<>();
        for (String id : resourceIds) {
            List<Finding> found = forResource(tenant, id);
            if (!found.isEmpty()) byResource.put(id, found);
        }
        return byResource;
    }

    /** Every finding (any status) of the given policy. */
    List<Finding> forPolicy(TenantId tenant, String policyId);

    Page<Finding> query(TenantId tenant, FindingQuery query, PageRequest page);

    /** Counts findings that match, by no page limit. */
    long count(TenantId tenant, FindingQuery query);

    void putAll(TenantId tenant, Collection<Finding> findings);

    /**
     * The open findings counted by severity, policy and resource type, and the findings resolved
     * at or after {@code resolvedSince} with their total time to resolve. This default reads every
     * open and resolved finding page by page; a database store computes it in a query.
     */
    default FindingAggregates aggregates(TenantId tenant, Instant resolvedSince) {
        Map<String, Long> severity = new HashMap<>();
        Map<String, Long> policy = new HashMap<>();
        Map<String, Long> type = new HashMap<>();
        long open = 0;
        long resolved = 0;
        long seconds = 0;
        for (FindingStatus status : List.of(FindingStatus.OPEN, FindingStatus.RESOLVED)) {
            PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
            while (true) {
                Page<Finding> p = query(tenant, FindingQuery.all().withStatus(status), page);
                for (Finding f : p.items()) {
                    if (status == FindingStatus.OPEN) {
                        open++;
                        severity.merge(f.severity().wireName(), 1L, Long::sum);
                        policy.merge(f.policyId(), 1L, Long::sum);
                        type.merge(f.resourceType(), 1L, Long::sum);
                    } else if (f.resolvedAt().isPresent() && !f.resolvedAt().get().isBefore(resolvedSince)) {
                        resolved++;
                        seconds += Duration.between(f.firstSeen(), f.resolvedAt().get()).toSeconds();
                    }
                }
                if (p.nextCursor().isEmpty()) break;
                page = new PageRequest(PageRequest.MAX_LIMIT, p.nextCursor());
            }
        }
        return new FindingAggregates(open, severity, policy, type, resolved, seconds);
    }

    /** Pair counts of every policy that has any. */
    Map<String, PairCounts> pairCounts(TenantId tenant);

    /** Adds {@code delta} to a policy's counts (incremental re-evaluation). */
    void adjustPairCounts(TenantId tenant, String policyId, PairCounts delta);

    /** Replaces a policy's counts (full evaluation of the policy); ZERO removes them. */
    void replacePairCounts(TenantId tenant, String policyId, PairCounts counts);
}
