package io.praetor.domain.decide;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The decide services wired on the real in-memory adapters, with a settable clock. */
final class DecideFixture implements AutoCloseable {
    static final TenantId TENANT = TenantId.of("acme");
    static final Principal ADMIN = new Principal("alice", TENANT, Set.of(Role.ADMIN));
    static final Principal VIEWER = new Principal("victor", TENANT, Set.of(Role.VIEWER));

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryAdapters adapters = InMemoryAdapters.create(clock);
    final PolicyCatalog catalog = new PolicyCatalog(adapters.policies(), new PolicyCompiler());
    final List<Finding> autoOpened = new ArrayList<>();
    final FindingService findings = new FindingService(adapters.resources(), adapters.findings(), adapters.exemptions(),
            adapters.tenantEvents(), adapters.eventBus(), adapters.transactions(), clock, catalog,
            adapters.metricSnapshots(), Optional.of((tenant, finding, policy) -> autoOpened.add(finding)));
    final PolicyService policies = new PolicyService(adapters.policies(), adapters.transactions(), clock, catalog,
            findings, Set.of("aws.s3.enable-default-encryption"));
    final ExemptionService exemptions = new ExemptionService(adapters.exemptions(), adapters.policies(),
            adapters.transactions(), clock, catalog, findings);
    final MetricsService metrics = new MetricsService(adapters.resources(), adapters.policies(), adapters.findings(),
            adapters.actions(), adapters.metricSnapshots(), adapters.transactions(), clock, new LocalAnalyst());

    static String policyYaml(String id, String type, String violation, String extra) {
        return """
                apiVersion: praetor.io/v1
                kind: Policy
                metadata:
                  id: %s
                  title: Title of %s
                  severity: high
                  frameworks: {soc2: ["CC6.1"], nist-800-53-r5: ["SC-28", "SC-8"]}
                spec:
                  resource: %s
                  violation: '%s'
                """.formatted(id, id, type, violation) + extra;
    }

    Policy put(String id, String type, String violation) {
        return put(id, type, violation, "");
    }

    Policy put(String id, String type, String violation, String extra) {
        return policies.putPolicy(ADMIN, id, policyYaml(id, type, violation, extra));
    }

    static Resource bucket(String id, Map<String, Object> properties) {
        return resource(id, "aws.s3.bucket", properties);
    }

    static Resource resource(String id, String type, Map<String, Object> properties) {
        return Resource.of(id, type, id, "us-east-1", "111122223333", Map.of("env", "prod"),
                JsonTrees.freezeObject(properties), "praetor", Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Stores resources as the detect side would (version bumped). */
    List<Resource> store(Resource... rs) {
        List<Resource> stored = new ArrayList<>();
        for (Resource r : rs) {
            long v = adapters.resources().get(TENANT, r.id()).map(Resource::version).orElse(0L) + 1;
            stored.add(r.withVersion(v));
        }
        adapters.transactions().run(() -> adapters.resources().putAll(TENANT, stored));
        return stored;
    }

    void delete(String... ids) {
        adapters.transactions().run(() -> adapters.resources().deleteAll(TENANT, List.of(ids)));
    }

    Optional<Finding> finding(String policyId, String resourceId) {
        return adapters.findings().find(TENANT, policyId, resourceId);
    }

    List<String> eventTypes() {
        return adapters.tenantEvents().read(TENANT, 0, 10_000).stream().map(e -> e.type() + ":" + e.data().get("resource_id")).toList();
    }

    long count(FindingQuery q) {
        return adapters.findings().count(TENANT, q);
    }

    @Override
    public void close() {
        adapters.close();
    }
}
