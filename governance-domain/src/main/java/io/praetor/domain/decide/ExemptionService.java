package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.SelectorCompilation;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.Transactions;
import io.praetor.ports.finding.Exemption;
import io.praetor.ports.finding.ExemptionStore;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.ExemptionUseCases;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Exemptions by resource id or CEL selector, with an exact expiry. Creating one exempts the open
 * findings it covers; revoking one (or its expiry, see {@link FindingService#expireExemptions})
 * re-opens them. Thread-safe.
 */
public final class ExemptionService implements ExemptionUseCases {
    private final ExemptionStore exemptions;
    private final PolicyStore policies;
    private final Transactions transactions;
    private final InstantSource clock;
    private final PolicyCatalog catalog;
    private final FindingService findings;

    public ExemptionService(ExemptionStore exemptions, PolicyStore policies, Transactions transactions,
                            InstantSource clock, PolicyCatalog catalog, FindingService findings) {
        this.exemptions = exemptions;
        this.policies = policies;
        this.transactions = transactions;
        this.clock = clock;
        this.catalog = catalog;
        this.findings = findings;
    }

    @Override
    public Exemption createExemption(Principal principal, ExemptionRequest request) {
        FindingService.require(principal, Role.ADMIN);
        Instant now = clock.instant();
        if (policies.get(principal.tenant(), request.policyId()).isEmpty()) {
            throw invalid("policy_id", "no policy '" + request.policyId() + "'");
        }
        if (request.resourceId().isPresent() == request.selector().isPresent()) {
            throw invalid("resource_id", "give exactly one of resource_id and selector");
        }
        if (request.resourceId().isPresent() && request.resourceId().get().isBlank()) {
            throw invalid("resource_id", "must not be blank");
        }
        if (request.selector().isPresent()) {
            SelectorCompilation c = catalog.compiler().compileSelector(request.selector().get());
            if (c.selector().isEmpty()) {
                throw new PraetorException(ErrorCode.VALIDATION, "the selector does not compile",
                        c.issues().stream().map(i -> InputIssue.at(i.line(), i.column(), "selector", i.message())).toList());
            }
        }
        if (!request.expiresAt().isAfter(now)) {
            throw invalid("expires_at", "must be in the future");
        }
        if (request.reason().isBlank()) {
            throw invalid("reason", "must not be blank");
        }
        Exemption exemption = new Exemption("ex-" + UUID.randomUUID(), request.policyId(), request.resourceId(),
                request.selector(), request.reason(), request.expiresAt(), principal.subject(), now, Optional.empty());
        transactions.run(() -> exemptions.put(principal.tenant(), exemption));
        findings.applyExemption(principal.tenant(), exemption);
        return exemption;
    }

    @Override
    public List<Exemption> exemptions(Principal principal) {
        FindingService.require(principal, Role.VIEWER);
        return exemptions.list(principal.tenant());
    }

    @Override
    public void revokeExemption(Principal principal, String id) {
        FindingService.require(principal, Role.ADMIN);
        Exemption existing = exemptions.get(principal.tenant(), id).orElseThrow(() -> PraetorException.notFound("exemption " + id));
        if (existing.revokedAt().isPresent()) return;
        Exemption revoked = existing.revoked(clock.instant());
        transactions.run(() -> exemptions.put(principal.tenant(), revoked));
        findings.liftExemption(principal.tenant(), revoked);
    }

    private static PraetorException invalid(String field, String message) {
        return new PraetorException(ErrorCode.VALIDATION, field + " " + message, List.of(InputIssue.field(field, message)));
    }
}
