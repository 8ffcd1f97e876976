package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.usecase.PolicyTestReport;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a compiled policy's inline tests (POLICY-FORMAT.md): each test resource is a partial
 * envelope, {@code now} is the test's own or the run's start, and the outcome is compared with
 * {@code expect}. Also evaluates extra resources and reports which violate. Thread-safe.
 */
public final class PolicyTestRunner {
    private final InstantSource clock;

    public PolicyTestRunner(InstantSource clock) {
        this.clock = clock;
    }

    public PolicyTestReport run(CompiledPolicy policy) {
        return run(policy, List.of());
    }

    public PolicyTestReport run(CompiledPolicy policy, List<Map<String, Object>> resources) {
        Instant start = clock.instant();
        List<PolicyTestReport.TestOutcome> outcomes = new ArrayList<>();
        for (PolicyTestCase test : policy.policy().tests()) {
            Instant now = test.now().orElse(start);
            PolicyOutcome outcome = policy.evaluate(ResourceActivation.ofPartial(test.resource(), now), now);
            String actual = wireName(outcome);
            Optional<String> error = outcome instanceof PolicyOutcome.Error e ? Optional.of(e.message()) : Optional.empty();
            outcomes.add(new PolicyTestReport.TestOutcome(test.name(), test.expect().wireName(), actual,
                    actual.equals(test.expect().wireName()), error));
        }
        List<String> matches = new ArrayList<>();
        for (Map<String, Object> r : resources) {
            ResourceActivation activation = ResourceActivation.ofPartial(r, start);
            if (policy.evaluate(activation, start) instanceof PolicyOutcome.Violation) {
                matches.add(activation.id());
            }
        }
        return new PolicyTestReport(outcomes, matches);
    }

    /** violation | pass | out_of_scope | error, as the test report names them. */
    public static String wireName(PolicyOutcome outcome) {
        return switch (outcome) {
            case PolicyOutcome.OutOfScope o -> "out_of_scope";
            case PolicyOutcome.Pass p -> "pass";
            case PolicyOutcome.Violation v -> "violation";
            case PolicyOutcome.Error e -> "error";
        };
    }
}
