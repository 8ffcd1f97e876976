package io.praetor.ports.finding;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.TenantId;
import java.util.Collection;
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

    /** Every finding (any status) of the given policy. */
    List<Finding> forPolicy(TenantId tenant, String policyId);

    Page<Finding> query(TenantId tenant, FindingQuery query, PageRequest page);

    /** Counts findings that match, by no page limit. */
    long count(TenantId tenant, FindingQuery query);

    void putAll(TenantId tenant, Collection<Finding> findings);

    /** Pair counts of every policy that has any. */
    Map<String, PairCounts> pairCounts(TenantId tenant);

    /** Adds {@code delta} to a policy's counts (incremental re-evaluation). */
    void adjustPairCounts(TenantId tenant, String policyId, PairCounts delta);

    /** Replaces a policy's counts (full evaluation of the policy); ZERO removes them. */
    void replacePairCounts(TenantId tenant, String policyId, PairCounts counts);
}
