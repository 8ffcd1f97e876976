package io.praetor.domain.decide.engine;

import io.praetor.ports.InputIssue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The result of compiling an exemption selector (a CEL condition over {@code resource}). */
public record SelectorCompilation(Optional<CompiledSelector> selector, List<InputIssue> issues) {
    public SelectorCompilation {
        Objects.requireNonNull(selector);
        issues = List.copyOf(issues);
    }
}
