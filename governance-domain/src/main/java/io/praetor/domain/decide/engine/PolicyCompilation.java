package io.praetor.domain.decide.engine;

import io.praetor.ports.InputIssue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The result of compiling one policy: the program, or the located problems that prevent it. */
public record PolicyCompilation(Optional<CompiledPolicy> policy, List<InputIssue> issues) {
    public PolicyCompilation {
        Objects.requireNonNull(policy);
        issues = List.copyOf(issues);
    }

    public boolean hasErrors() {
        return policy.isEmpty();
    }
}
