package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.Principal;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.usecase.PolicyTestReport;
import io.praetor.ports.usecase.PolicyUseCases;
import io.praetor.ports.usecase.PolicyValidation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Records {@code policy.put} and {@code policy.delete} (subject: the policy id) once the delegate
 * succeeded. Reads, validation and tests change nothing and pass through. Thread-safe when the
 * delegate is.
 */
public final class AuditedPolicyUseCases implements PolicyUseCases {
    private final PolicyUseCases delegate;
    private final AuditTrail audit;

    public AuditedPolicyUseCases(PolicyUseCases delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public Policy putPolicy(Principal principal, String id, String source) {
        Policy stored = delegate.putPolicy(principal, id, source);
        audit.record(principal, LedgerKind.POLICY_PUT, id, AuditPayloads.policy(id, source));
        return stored;
    }

    @Override
    public void deletePolicy(Principal principal, String id) {
        delegate.deletePolicy(principal, id);
        audit.record(principal, LedgerKind.POLICY_DELETE, id, AuditPayloads.named("policy_id", id));
    }

    @Override
    public Optional<Policy> policy(Principal principal, String id) {
        return delegate.policy(principal, id);
    }

    @Override
    public List<Policy> policies(Principal principal) {
        return delegate.policies(principal);
    }

    @Override
    public PolicyValidation validate(Principal principal, String source) {
        return delegate.validate(principal, source);
    }

    @Override
    public PolicyTestReport test(Principal principal, String source, List<Map<String, Object>> resources) {
        return delegate.test(principal, source, resources);
    }
}
