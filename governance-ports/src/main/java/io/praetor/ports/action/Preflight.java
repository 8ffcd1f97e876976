package io.praetor.ports.action;

import java.util.List;
import java.util.Map;

/** The result of a handler's preflight checks: a failure is a value with reasons, not an exception. */
public record Preflight(boolean passed, List<String> problems, Map<String, Object> report) {
    public Preflight {
        problems = List.copyOf(problems);
        report = Map.copyOf(report);
    }

    public static Preflight ok(Map<String, Object> report) {
        return new Preflight(true, List.of(), report);
    }

    public static Preflight failed(List<String> problems) {
        return new Preflight(false, problems, Map.of());
    }
}
