package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.metrics.GovernanceMetrics;
import java.time.Duration;

/** Decide: governance metrics; {@code deep} also asks the AI service within the inline budget. */
public interface MetricsUseCases {
    GovernanceMetrics metrics(Principal principal, Duration window, boolean deep);
}
