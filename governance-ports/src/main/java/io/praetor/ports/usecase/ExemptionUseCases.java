package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.finding.Exemption;
import java.util.List;

/** Decide: exemptions with expiry. */
public interface ExemptionUseCases {
    /** VALIDATION when the policy is unknown, the selector does not compile or the expiry is past. */
    Exemption createExemption(Principal principal, ExemptionRequest request);

    List<Exemption> exemptions(Principal principal);

    /** Revokes it; matching findings re-open. NOT_FOUND when absent. */
    void revokeExemption(Principal principal, String id);
}
