package io.praetor.ports.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy document as POLICY-FORMAT.md defines it, parsed but not compiled, with its stored
 * metadata. {@code sourceYaml} is the text as uploaded; the domain compiles from the fields.
 *
 * @param resourceTypes one or more types; a {@code .*} suffix matches every type under the prefix
 * @param frameworks control ids per framework name
 * @param version increases with each stored change; 0 before the policy is stored
 */
public record Policy(
        String id,
        String title,
        String description,
        Severity severity,
        Map<String, List<String>> frameworks,
        Map<String, String> labels,
        List<String> resourceTypes,
        Optional<String> scope,
        List<PolicyVariable> variables,
        String violation,
        Optional<String> message,
        Optional<String> risk,
        Map<String, Object> params,
        PolicyMode mode,
        Optional<Remediation> remediation,
        List<PolicyTestCase> tests,
        String sourceYaml,
        long version,
        Instant updatedAt,
        String updatedBy) {

    public Policy {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(description);
        Objects.requireNonNull(severity);
        frameworks = frameworks.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        labels = Map.copyOf(labels);
        resourceTypes = List.copyOf(resourceTypes);
        Objects.requireNonNull(scope);
        variables = List.copyOf(variables);
        Objects.requireNonNull(violation);
        Objects.requireNonNull(message);
        Objects.requireNonNull(risk);
        Objects.requireNonNull(params);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(remediation);
        tests = List.copyOf(tests);
        Objects.requireNonNull(sourceYaml);
        Objects.requireNonNull(updatedAt);
        Objects.requireNonNull(updatedBy);
    }

    public Policy stored(long newVersion, Instant at, String by) {
        return new Policy(id, title, description, severity, frameworks, labels, resourceTypes, scope, variables,
                violation, message, risk, params, mode, remediation, tests, sourceYaml, newVersion, at, by);
    }
}
