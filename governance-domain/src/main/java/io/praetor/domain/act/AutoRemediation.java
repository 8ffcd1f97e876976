package io.praetor.domain.act;

import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.policy.Policy;

/**
 * Called by decide when a finding opens, so that an {@code auto}-mode policy starts its remediation
 * by itself ({@code requested_by: system}, {@code dry_run: false}). Implementations ignore policies
 * of other modes and findings that already have a live action. May be called inside decide's
 * transaction; it joins it.
 */
@FunctionalInterface
public interface AutoRemediation {
    void onFindingOpened(TenantId tenant, Finding finding, Policy policy);

    /** Starts nothing. */
    AutoRemediation NONE = (tenant, finding, policy) -> { };
}
