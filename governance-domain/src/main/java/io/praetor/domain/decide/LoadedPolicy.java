package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.ExpressionLocator;
import io.praetor.ports.policy.Policy;
import java.util.Map;

/**
 * A policy read from YAML together with where each of its CEL expressions sits in the text, keyed
 * by field path ({@code spec.violation}, {@code spec.variables[0].expression}, {@code spec.message},
 * …), so compile problems can be reported at the YAML line and column.
 */
public record LoadedPolicy(Policy policy, Map<String, ExpressionLocator> locators) {
    public LoadedPolicy {
        locators = Map.copyOf(locators);
    }
}
