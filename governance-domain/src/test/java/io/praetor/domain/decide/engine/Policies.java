package io.praetor.domain.decide.engine;

import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyVariable;
import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: policies and resources built in code. */
final class Policies {
    private Policies() {}

    static Policy policy(String id, String type, String violation) {
        return new Policy(id, "Title of " + id, "", Severity.HIGH, Map.of(), Map.of(), List.of(type), Optional.empty(),
                List.of(), violation, Optional.empty(), Optional.empty(), Map.of(), PolicyMode.MANUAL, Optional.empty(),
                List.of(), "", 0, Instant.EPOCH, "");
    }

    static Policy withScope(Policy p, String scope) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), p.resourceTypes(),
                Optional.of(scope), p.variables(), p.violation(), p.message(), p.risk(), p.params(), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Policy withVariables(Policy p, PolicyVariable... vars) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), p.resourceTypes(),
                p.scope(), List.of(vars), p.violation(), p.message(), p.risk(), p.params(), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Policy withMessage(Policy p, String message) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), p.resourceTypes(),
                p.scope(), p.variables(), p.violation(), Optional.of(message), p.risk(), p.params(), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Policy withRisk(Policy p, String risk) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), p.resourceTypes(),
                p.scope(), p.variables(), p.violation(), p.message(), Optional.of(risk), p.params(), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Policy withParams(Policy p, Map<String, Object> params) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), p.resourceTypes(),
                p.scope(), p.variables(), p.violation(), p.message(), p.risk(), JsonTrees.freezeObject(params), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Policy withTypes(Policy p, String... types) {
        return new Policy(p.id(), p.title(), p.description(), p.severity(), p.frameworks(), p.labels(), List.of(types),
                p.scope(), p.variables(), p.violation(), p.message(), p.risk(), p.params(), p.mode(),
                p.remediation(), p.tests(), p.sourceYaml(), p.version(), p.updatedAt(), p.updatedBy());
    }

    static Resource resource(String id, String type, Map<String, Object> properties) {
        return Resource.of(id, type, "name-" + id, "us-east-1", "111122223333", Map.of("env", "prod"),
                JsonTrees.freezeObject(properties), "praetor", Instant.parse("2026-01-01T00:00:00Z"));
    }
}
