package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.Principal;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.ExemptionUseCases;
import java.util.List;
import java.util.Objects;

/**
 * Records {@code exemption.create} and {@code exemption.delete} (subject: the exemption id) once
 * the delegate succeeded. Reads pass through.
 */
public final class AuditedExemptionUseCases implements ExemptionUseCases {
    private final ExemptionUseCases delegate;
    private final AuditTrail audit;

    public AuditedExemptionUseCases(ExemptionUseCases delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public Exemption createExemption(Principal principal, ExemptionRequest request) {
        Exemption created = delegate.createExemption(principal, request);
        audit.record(principal, LedgerKind.EXEMPTION_CREATE, created.id(), AuditPayloads.exemption(request));
        return created;
    }

    @Override
    public List<Exemption> exemptions(Principal principal) {
        return delegate.exemptions(principal);
    }

    @Override
    public void revokeExemption(Principal principal, String id) {
        delegate.revokeExemption(principal, id);
        audit.record(principal, LedgerKind.EXEMPTION_DELETE, id, AuditPayloads.named("exemption_id", id));
    }
}
