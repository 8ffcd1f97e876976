package io.praetor.domain.act;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.policy.Severity;
import io.praetor.ports.usecase.ActionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Act wired on the in-memory adapters with a settable clock, two scripted handlers and fast retries. */
final class ActHarness implements AutoCloseable {
    static final TenantId TENANT = TenantId.of("t1");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String RESOURCE = "arn:aws:s3:::logs";

    final SettableClock clock = new SettableClock(T0);
    final InMemoryAdapters memory = InMemoryAdapters.create(clock);
    final ScriptedHandler setX = new ScriptedHandler("test.set-x", false);
    final ScriptedHandler destroyX = new ScriptedHandler("test.destroy-x", true);
    final ActionHandlers handlers = ActionHandlers.of(setX, destroyX);
    final ActSettings settings = ActSettings.DEFAULTS
            .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(4))
            .withLeaseTtl(Duration.ofMinutes(1))
            .withBusyRedelivery(Duration.ofMillis(5));
    final ActPorts ports;
    final List<Resource> observed = new CopyOnWriteArrayList<>();
    final ActionService service;
    final ActionExecutor executor;

    final Principal alice = principal("alice", Role.OPERATOR);
    final Principal bob = principal("bob", Role.APPROVER);
    final Principal carol = principal("carol", Role.APPROVER);
    final Principal root = principal("root", Role.ADMIN);
    final Principal viewer = principal("vic", Role.VIEWER);

    ActHarness() {
        this.ports = ActPorts.from(memory);
        this.service = new ActionService(ports, handlers, settings);
        this.executor = newExecutor(ports);
        memory.resources().putAll(TENANT, List.of(resource(1, Map.of("x", 1L))));
    }

    ActionExecutor newExecutor(ActPorts p) {
        return new ActionExecutor(p, handlers, settings, (tenant, r) -> {
            observed.add(r);
            Resource stored = memory.resources().get(tenant, r.id()).orElseThrow();
            memory.resources().putAll(tenant, List.of(r.withVersion(stored.version() + 1)));
        }, ActionArtifacts.NONE);
    }

    static Principal principal(String subject, Role... roles) {
        return new Principal(subject, TENANT, Set.of(roles));
    }

    static Resource resource(long version, Map<String, Object> properties) {
        return Resource.of(RESOURCE, "aws.s3.bucket", "logs", "us-east-1", "123456789012", Map.of(),
                JsonTrees.freezeObject(properties), "test", T0).withVersion(version);
    }

    /** The resource changes behind the plan's back (drift): a new version with other properties. */
    void drift(Map<String, Object> properties) {
        long v = memory.resources().get(TENANT, RESOURCE).orElseThrow().version();
        memory.resources().putAll(TENANT, List.of(resource(v + 1, properties)));
    }

    Action request(ScriptedHandler handler, boolean dryRun) {
        return service.requestAction(alice, new ActionRequest(Optional.empty(), Optional.of(RESOURCE),
                Optional.of(handler.name()), Map.of("x", 2L), dryRun, "test"));
    }

    Action requestPlanned(ScriptedHandler handler, boolean dryRun) {
        Action a = request(handler, dryRun);
        executor.advance(TENANT, a.id());
        return get(a.id());
    }

    Action get(String id) {
        return memory.actions().get(TENANT, id).orElseThrow();
    }

    List<ActionEvent> events(String id) {
        return memory.actionEvents().read(TENANT, id, 0, 1000);
    }

    Policy policy(String id, PolicyMode mode, Optional<Remediation> remediation) {
        Policy p = new Policy(id, "x must be 2", "", Severity.HIGH, Map.of(), Map.of(), List.of("aws.s3.bucket"),
                Optional.empty(), List.of(), "resource.properties.x != 2", Optional.empty(), Optional.empty(), Map.of(),
                mode, remediation, List.of(), "", 1, T0, "test");
        memory.policies().put(TENANT, p);
        return p;
    }

    Finding finding(String id, Policy policy) {
        Finding f = new Finding(id, policy.id(), RESOURCE, resource(1, Map.of()).key(), "aws.s3.bucket", "123456789012",
                Severity.HIGH, 7.0, FindingStatus.OPEN, policy.title(), policy.title(), T0, T0, Optional.empty(),
                Optional.empty(), List.of(), Set.of(), Map.of());
        memory.findings().putAll(TENANT, List.of(f));
        return f;
    }

    @Override
    public void close() {
        executor.close();
        memory.close();
    }
}
