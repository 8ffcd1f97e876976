package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decide: the tenant's policies. Policy text is YAML (JSON is YAML too). */
public interface PolicyUseCases {
    /**
     * Compiles and stores the policy, then re-evaluates it over its scope. VALIDATION with located
     * issues when it does not compile or {@code metadata.id} is not {@code id}.
     */
    Policy putPolicy(Principal principal, String id, String source);

    /** Deletes the policy and resolves its findings. NOT_FOUND when absent. */
    void deletePolicy(Principal principal, String id);

    Optional<Policy> policy(Principal principal, String id);

    List<Policy> policies(Principal principal);

    PolicyValidation validate(Principal principal, String source);

    /**
     * Runs the policy's inline tests, and evaluates {@code resources} (partial envelopes allowed)
     * when given. VALIDATION when the policy does not compile.
     */
    PolicyTestReport test(Principal principal, String source, List<Map<String, Object>> resources);
}
