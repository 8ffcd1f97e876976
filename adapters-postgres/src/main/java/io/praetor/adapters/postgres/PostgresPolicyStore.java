package io.praetor.adapters.postgres;

import static io.praetor.adapters.postgres.Tables.Policies.*;

import io.praetor.ports.TenantId;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyTestCase;
import io.praetor.ports.policy.PolicyVariable;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.policy.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Policies in {@code policies}: what is filtered or listed on has a column, the rest of the parsed
 * document (expressions, variables, tests, …) is one jsonb {@code document}.
 */
final class PostgresPolicyStore implements io.praetor.ports.policy.PolicyStore {
    private final PostgresTransactions tx;

    PostgresPolicyStore(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Policy> get(TenantId tenant, String id) {
        return tx.inTenant(tenant, "reading a policy", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).fetchOptional(PostgresPolicyStore::toPolicy));
    }

    @Override
    public List<Policy> list(TenantId tenant) {
        return tx.inTenant(tenant, "listing policies", dsl -> dsl.select(ALL).from(T)
                .where(TENANT.eq(tenant.value())).orderBy(ID).fetch(PostgresPolicyStore::toPolicy));
    }

    @Override
    public void put(TenantId tenant, Policy p) {
        tx.inTenant(tenant, "storing a policy", dsl -> dsl.insertInto(T, TENANT, ID, TITLE, SEVERITY, MODE, VERSION,
                        UPDATED_AT, UPDATED_BY, SOURCE_YAML, DOCUMENT)
                .values(tenant.value(), p.id(), p.title(), p.severity().wireName(), p.mode().wireName(), p.version(),
                        p.updatedAt(), p.updatedBy(), p.sourceYaml(), JsonColumns.write(document(p)))
                .onConflict(TENANT, ID).doUpdate()
                .set(TITLE, DSL.excluded(TITLE)).set(SEVERITY, DSL.excluded(SEVERITY)).set(MODE, DSL.excluded(MODE))
                .set(VERSION, DSL.excluded(VERSION)).set(UPDATED_AT, DSL.excluded(UPDATED_AT))
                .set(UPDATED_BY, DSL.excluded(UPDATED_BY)).set(SOURCE_YAML, DSL.excluded(SOURCE_YAML))
                .set(DOCUMENT, DSL.excluded(DOCUMENT))
                .execute());
    }

    @Override
    public boolean delete(TenantId tenant, String id) {
        return tx.inTenant(tenant, "deleting a policy", dsl -> dsl.deleteFrom(T)
                .where(TENANT.eq(tenant.value()), ID.eq(id)).execute()) == 1;
    }

    private static Map<String, Object> document(Policy p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("description", p.description());
        d.put("frameworks", p.frameworks());
        d.put("labels", p.labels());
        d.put("resource_types", p.resourceTypes());
        d.put("scope", p.scope().orElse(null));
        List<Map<String, Object>> variables = new ArrayList<>();
        for (PolicyVariable v : p.variables()) {
            variables.add(Map.of("name", v.name(), "expression", v.expression()));
        }
        d.put("variables", variables);
        d.put("violation", p.violation());
        d.put("message", p.message().orElse(null));
        d.put("risk", p.risk().orElse(null));
        d.put("params", p.params());
        d.put("remediation", p.remediation()
                .map(r -> Map.<String, Object>of("handler", r.handler(), "params", r.params())).orElse(null));
        List<Map<String, Object>> tests = new ArrayList<>();
        for (PolicyTestCase t : p.tests()) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", t.name());
            test.put("now", t.now().map(Instant::toString).orElse(null));
            test.put("resource", t.resource());
            test.put("expect", t.expect().name());
            tests.add(test);
        }
        d.put("tests", tests);
        return d;
    }

    @SuppressWarnings("unchecked")
    private static Policy toPolicy(Record r) {
        Map<String, Object> d = JsonColumns.readObject(r.get(DOCUMENT));
        Map<String, List<String>> frameworks = new LinkedHashMap<>();
        ((Map<String, Object>) d.get("frameworks")).forEach((k, v) -> frameworks.put(k, (List<String>) v));
        List<PolicyVariable> variables = new ArrayList<>();
        for (Object o : (List<Object>) d.get("variables")) {
            Map<String, Object> v = (Map<String, Object>) o;
            variables.add(new PolicyVariable((String) v.get("name"), (String) v.get("expression")));
        }
        Optional<Remediation> remediation = Optional.ofNullable((Map<String, Object>) d.get("remediation"))
                .map(m -> new Remediation((String) m.get("handler"), (Map<String, Object>) m.get("params")));
        List<PolicyTestCase> tests = new ArrayList<>();
        for (Object o : (List<Object>) d.get("tests")) {
            Map<String, Object> t = (Map<String, Object>) o;
            tests.add(new PolicyTestCase((String) t.get("name"),
                    Optional.ofNullable((String) t.get("now")).map(Instant::parse),
                    (Map<String, Object>) t.get("resource"), PolicyTestCase.Expectation.valueOf((String) t.get("expect"))));
        }
        return new Policy(r.get(ID), r.get(TITLE), (String) d.get("description"),
                Severity.fromWire(r.get(SEVERITY)).orElseThrow(), frameworks,
                (Map<String, String>) (Map<String, ?>) d.get("labels"), (List<String>) d.get("resource_types"),
                Optional.ofNullable((String) d.get("scope")), variables, (String) d.get("violation"),
                Optional.ofNullable((String) d.get("message")), Optional.ofNullable((String) d.get("risk")),
                (Map<String, Object>) d.get("params"), PolicyMode.fromWire(r.get(MODE)).orElseThrow(), remediation,
                tests, r.get(SOURCE_YAML), r.get(VERSION), r.get(UPDATED_AT), r.get(UPDATED_BY));
    }
}
