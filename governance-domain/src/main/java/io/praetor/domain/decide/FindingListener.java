package io.praetor.domain.decide;

import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.policy.Policy;

/**
 * Told about a finding newly opened (or re-opened) by a policy in {@code auto} mode, after the
 * finding is committed, so the act side can start its action. Called on the evaluating thread;
 * implementations should hand off quickly and must not throw (a failure is logged and ignored).
 */
@FunctionalInterface
public interface FindingListener {
    void onOpened(TenantId tenant, Finding finding, Policy policy);
}
