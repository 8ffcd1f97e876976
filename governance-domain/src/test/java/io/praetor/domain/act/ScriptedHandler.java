package io.praetor.domain.act;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handler "test.set-x": sets property {@code x} of the resource to {@code params.x} on a
 * simulated cloud (a map per resource id). Each step can be scripted to fail a number of times.
 * Counts every call; apply is idempotent per action id, as the SPI requires, and counts the
 * changes it really made separately.
 */
final class ScriptedHandler implements ActionHandler {
    final String name;
    final boolean destructive;
    final Map<String, Map<String, Object>> cloud = new ConcurrentHashMap<>();
    final Set<String> appliedActions = ConcurrentHashMap.newKeySet();
    final AtomicInteger applyCalls = new AtomicInteger();
    final AtomicInteger changesMade = new AtomicInteger();
    final AtomicInteger rollbackCalls = new AtomicInteger();
    final AtomicInteger verifyCalls = new AtomicInteger();
    final Queue<RuntimeException> applyFailures = new ArrayDeque<>();
    final Queue<RuntimeException> verifyFailures = new ArrayDeque<>();
    final Queue<RuntimeException> rollbackFailures = new ArrayDeque<>();
    volatile boolean verifyMismatch;
    volatile List<String> preflightProblems = List.of();
    volatile Runnable duringApply = () -> { };

    ScriptedHandler(String name, boolean destructive) {
        this.name = name;
        this.destructive = destructive;
    }

    static PraetorException transientError() {
        return new PraetorException(ErrorCode.TRANSIENT, "503 from the cloud API");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean destructive() {
        return destructive;
    }

    @Override
    public Preflight preflight(HandlerContext context) {
        return preflightProblems.isEmpty() ? Preflight.ok(Map.of("checked", true)) : Preflight.failed(preflightProblems);
    }

    @Override
    public PlannedChange plan(HandlerContext context) {
        Map<String, Object> current = state(context);
        Map<String, Object> planned = new LinkedHashMap<>(current);
        planned.put("x", context.params().get("x"));
        return new PlannedChange("set x to " + context.params().get("x"), current, planned, Map.of());
    }

    @Override
    public Map<String, Object> apply(HandlerContext context, PlannedChange plan) {
        applyCalls.incrementAndGet();
        duringApply.run();
        fail(applyFailures);
        if (appliedActions.add(context.actionId())) {
            changesMade.incrementAndGet();
            cloud.put(context.resource().id(), Map.copyOf(plan.plannedState()));
        }
        return Map.of("status", "ok");
    }

    @Override
    public Verification verify(HandlerContext context, PlannedChange plan) {
        verifyCalls.incrementAndGet();
        fail(verifyFailures);
        Map<String, Object> seen = state(context);
        boolean matches = !verifyMismatch && seen.equals(plan.plannedState());
        return new Verification(matches, matches ? "x is set" : "x is not set", seen);
    }

    @Override
    public Map<String, Object> rollback(HandlerContext context, PlannedChange plan) {
        rollbackCalls.incrementAndGet();
        fail(rollbackFailures);
        cloud.put(context.resource().id(), Map.copyOf(plan.currentState()));
        return Map.of("restored", true);
    }

    private Map<String, Object> state(HandlerContext context) {
        return cloud.getOrDefault(context.resource().id(), context.resource().properties());
    }

    private static void fail(Queue<RuntimeException> failures) {
        RuntimeException next;
        synchronized (failures) {
            next = failures.poll();
        }
        if (next != null) throw next;
    }

    /** Fails the step {@code times} times with {@code error}. */
    static void failTimes(Queue<RuntimeException> failures, int times, RuntimeException error) {
        synchronized (failures) {
            for (int i = 0; i < times; i++) failures.add(error);
        }
    }
}
