package io.praetor.domain.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.Action;
import io.praetor.ports.inventory.ResourceStore;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.policy.Remediation;
import io.praetor.ports.usecase.ActionRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transition's context reads only the stored facts its decision depends on, and its time (the
 * event's {@code at}) is taken after those reads: every executor step used to read the action's
 * policy and resource first, and stamp the transition before reading them.
 */
class TransitionContextReadsTest {
    private static final Duration READ_TAKES = Duration.ofSeconds(1);

    private final ActHarness h = new ActHarness();
    private final List<String> reads = new ArrayList<>();
    private final ActPorts counted = new ActPorts(h.ports.transactions(), h.ports.actions(), h.ports.actionEvents(),
            h.ports.tenantEvents(), h.ports.elevations(), h.ports.findings(),
            slowGets(PolicyStore.class, h.ports.policies(), "policy"),
            slowGets(ResourceStore.class, h.ports.resources(), "resource"),
            h.ports.bus(), h.ports.locks(), h.ports.credentials(), h.ports.clock());
    private final ActionSteps steps = new ActionSteps(counted, h.handlers, h.settings);

    @AfterEach
    void close() {
        h.close();
    }

    /** Every {@code get} is recorded and takes {@link #READ_TAKES} on the harness's clock. */
    @SuppressWarnings("unchecked")
    private <T> T slowGets(Class<T> type, T delegate, String what) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("get")) {
                reads.add(what);
                h.clock.advance(READ_TAKES);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private Action actionOfAnAutoPolicy() {
        h.finding("f1", h.policy("x-auto", PolicyMode.AUTO, Optional.of(new Remediation("test.set-x", Map.of("x", 2L)))));
        return h.service.requestAction(h.alice, ActionRequest.forFinding("f1", true, "test"));
    }

    @Test
    void anExecutorStepReadsNeitherThePolicyNorTheResource() {
        Action queued = actionOfAnAutoPolicy();

        TransitionContext ctx = steps.transitionContext(ActHarness.TENANT, queued, new ActionCommand.StartPreflight());

        assertThat(reads).isEmpty();
        assertThat(ctx.policyMode()).isEmpty();
        assertThat(ctx.resourceVersion()).isEmpty();
        assertThat(ctx.now()).isEqualTo(h.clock.instant());
    }

    @Test
    void autoApprovalReadsThePolicyOnly_andIsTimedAfterTheRead() {
        Action queued = actionOfAnAutoPolicy();

        TransitionContext ctx = steps.transitionContext(ActHarness.TENANT, queued, new ActionCommand.AutoApprove());

        assertThat(reads).containsExactly("policy");
        assertThat(ctx.policyMode()).contains(PolicyMode.AUTO);
        assertThat(ctx.resourceVersion()).isEmpty();
        assertThat(ctx.now()).isEqualTo(h.clock.instant()); // not the instant before the read
    }

    @Test
    void aRunReadsTheResourceOnly_andIsTimedAfterTheRead() {
        Action queued = actionOfAnAutoPolicy();

        TransitionContext ctx = steps.transitionContext(ActHarness.TENANT, queued, new ActionCommand.Run(h.alice));

        assertThat(reads).containsExactly("resource");
        assertThat(ctx.policyMode()).isEmpty();
        assertThat(ctx.resourceVersion()).hasValue(1);
        assertThat(ctx.now()).isEqualTo(h.clock.instant());
    }

    @Test
    void theExecutorsEventsAreStampedWhenTheirTransitionIsDecided() {
        Action queued = actionOfAnAutoPolicy();
        ActionExecutor executor = h.newExecutor(counted);

        executor.advance(ActHarness.TENANT, queued.id());

        // queued -> preflight -> planned -> approved (auto policy, non-destructive); a dry run stops there
        var events = h.events(queued.id());
        assertThat(events).extracting(e -> e.state().wireName())
                .containsExactly("queued", "preflight", "planned", "approved");
        // only auto-approval read a fact, the policy, before it was decided
        assertThat(events.get(3).at()).isEqualTo(h.clock.instant());
        assertThat(reads.stream().filter("policy"::equals)).hasSize(2); // autoApprove's own check + the context
    }
}
