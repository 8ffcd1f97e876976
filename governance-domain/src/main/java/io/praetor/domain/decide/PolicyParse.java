package io.praetor.domain.decide;

import io.praetor.ports.InputIssue;
import java.util.List;

/**
 * What {@link PolicyLoader} made of a YAML text: the documents that are well-formed policies, and
 * the issues (with line and column) of those that are not. A document with an issue yields no
 * policy; the others still load.
 */
public record PolicyParse(List<LoadedPolicy> policies, List<InputIssue> issues) {
    public PolicyParse {
        policies = List.copyOf(policies);
        issues = List.copyOf(issues);
    }

    public boolean hasErrors() {
        return !issues.isEmpty();
    }
}
