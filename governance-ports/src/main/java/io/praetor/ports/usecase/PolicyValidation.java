package io.praetor.ports.usecase;

import io.praetor.ports.InputIssue;
import java.util.List;

/** Compilation issues are values: {@code ok} is false exactly when {@code errors} is not empty. */
public record PolicyValidation(boolean ok, List<InputIssue> errors, List<String> warnings) {
    public PolicyValidation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }
}
