package io.praetor.ports.usecase;

import java.util.List;
import java.util.Objects;

/** The outcome of a full evaluation of a tenant. */
public record ScanResult(String scanId, long resources, long policies, long evaluations, long findingsOpened,
                         long findingsResolved, long errors, List<EvaluationError> errorSamples, long durationMs) {
    public ScanResult {
        errorSamples = List.copyOf(errorSamples);
    }

    public record EvaluationError(String policyId, String resourceId, String message) {
        public EvaluationError {
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(message);
        }
    }
}
