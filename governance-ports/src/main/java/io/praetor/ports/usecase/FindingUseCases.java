package io.praetor.ports.usecase;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;

/** Decide: findings and full scans. */
public interface FindingUseCases {
    Page<Finding> findings(Principal principal, FindingQuery query, PageRequest page);

    /** NOT_FOUND when absent. */
    Finding finding(Principal principal, String id);

    /** Evaluates every policy over every resource in its scope, synchronously. */
    ScanResult scan(Principal principal);
}
