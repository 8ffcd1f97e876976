package io.praetor.ports.usecase;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Results of a policy's inline tests, and the ids of given resources that violate it. */
public record PolicyTestReport(List<TestOutcome> tests, List<String> matches) {
    public PolicyTestReport {
        tests = List.copyOf(tests);
        matches = List.copyOf(matches);
    }

    public boolean passed() {
        return tests.stream().allMatch(TestOutcome::pass);
    }

    /** {@code expect} and {@code actual} are violation | pass | out_of_scope | error. */
    public record TestOutcome(String name, String expect, String actual, boolean pass, Optional<String> error) {
        public TestOutcome {
            Objects.requireNonNull(name);
            Objects.requireNonNull(expect);
            Objects.requireNonNull(actual);
            Objects.requireNonNull(error);
        }
    }
}
