package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.usecase.FindingUseCases;
import io.praetor.ports.usecase.ScanResult;
import java.util.Objects;

/** Records {@code scan.run} (subject: the scan id) once a scan succeeded. Reads pass through. */
public final class AuditedFindingUseCases implements FindingUseCases {
    private final FindingUseCases delegate;
    private final AuditTrail audit;

    public AuditedFindingUseCases(FindingUseCases delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public Page<Finding> findings(Principal principal, FindingQuery query, PageRequest page) {
        return delegate.findings(principal, query, page);
    }

    @Override
    public Finding finding(Principal principal, String id) {
        return delegate.finding(principal, id);
    }

    @Override
    public ScanResult scan(Principal principal) {
        ScanResult result = delegate.scan(principal);
        audit.record(principal, LedgerKind.SCAN_RUN, result.scanId(), AuditPayloads.empty());
        return result;
    }
}
