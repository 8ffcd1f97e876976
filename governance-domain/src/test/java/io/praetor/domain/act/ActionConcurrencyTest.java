package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyMode;
import io.praetor.ports.policy.Remediation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ActionConcurrencyTest {
    private final ActHarness h = new ActHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @RepeatedTest(5)
    void concurrentApprovals_ofOneAction_exactlyOneWins() throws Exception {
        Action a = h.requestPlanned(h.setX, true);
        List<Callable<Action>> approvals = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            var approver = ActHarness.principal("approver" + i, Role.APPROVER);
            approvals.add(() -> h.service.approve(approver, a.id(), "mine"));
        }

        assertThat(ElevationServiceTest.runTogether(approvals)).isEqualTo(1);
        Action approved = h.get(a.id());
        assertThat(approved.state()).isEqualTo(ActionState.APPROVED);
        assertThat(approved.approvals()).hasSize(1);
        assertThat(h.events(a.id()).stream().filter(e -> e.type().equals("action.approved"))).hasSize(1);
    }

    @RepeatedTest(5)
    void concurrentRuns_ofOneAction_exactlyOneWins() throws Exception {
        Action a = h.requestPlanned(h.setX, true);
        h.service.approve(h.bob, a.id(), "");
        List<Callable<Action>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            var operator = ActHarness.principal("op" + i, Role.OPERATOR);
            runs.add(() -> h.service.run(operator, a.id()));
        }

        assertThat(ElevationServiceTest.runTogether(runs)).isEqualTo(1);
        assertThat(h.events(a.id()).stream().filter(e -> e.type().equals("action.in_progress"))).hasSize(1);
        assertThat(h.events(a.id())).extracting(ActionEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, h.get(a.id()).lastSeq()).boxed().toList());
    }

    @Test
    void twoExecutorsOnTheBus_withDuplicateMessages_executeTheActionOnce() throws Exception {
        CountingBus bus = new CountingBus(h.memory.eventBus());
        ActPorts ports = new ActPorts(h.ports.transactions(), h.ports.actions(), h.ports.actionEvents(), h.ports.tenantEvents(),
                h.ports.elevations(), h.ports.findings(), h.ports.policies(), h.ports.resources(), bus, h.ports.locks(),
                h.ports.credentials(), h.ports.clock());
        ActionService service = new ActionService(ports, h.handlers, h.settings);
        try (ActionExecutor one = h.newExecutor(ports).start(); ActionExecutor two = h.newExecutor(ports).start()) {
            Policy p = h.policy("x-auto", PolicyMode.AUTO, Optional.of(new Remediation("test.set-x", Map.of("x", 2L))));
            service.onFindingOpened(TENANT, h.finding("f1", p), p);
            String id = h.memory.actions().query(TENANT, io.praetor.ports.action.ActionQuery.all(),
                    io.praetor.ports.PageRequest.firstPage()).items().get(0).id();
            int duplicates = 0;
            for (int i = 0; i < 6; i++) duplicates += one.resume(TENANT);

            assertThat(bus.acked.tryAcquire(1 + duplicates, 20, TimeUnit.SECONDS))
                    .as("every message was finally acknowledged (busy ones after a retry)").isTrue();

            Action done = h.get(id);
            assertThat(done.state()).isEqualTo(ActionState.COMPLETED);
            assertThat(h.setX.applyCalls).as("apply ran once").hasValue(1);
            // Which member gets each delivery depends on scheduling (under load one may take them all);
            // what must hold whoever handles them is a single apply and a contiguous history.
            assertThat(bus.handledBy).as("deliveries were handled").isNotEmpty();
            assertThat(h.events(id)).extracting(ActionEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, done.lastSeq()).boxed().toList());
        }
        assertThat(bus.deadLetters).isEmpty();
    }

    /** Wraps the in-memory bus to count the executors' acknowledged deliveries. */
    private static final class CountingBus implements EventBus {
        final EventBus delegate;
        final Semaphore acked = new Semaphore(0);
        final List<Integer> handledBy = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> deadLetters = java.util.Collections.synchronizedList(new ArrayList<>());
        private int members;

        CountingBus(EventBus delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(BusMessage message) {
            delegate.publish(message);
        }

        @Override
        public synchronized Subscription consume(String topic, String group, WorkQueueOptions options,
                                                 Function<Delivery, Disposition> handler) {
            int member = ++members;
            return delegate.consume(topic, group, options, d -> {
                Disposition disposition = handler.apply(d);
                if (topic.equals(Topics.ACTIONS_EXECUTE)) {
                    handledBy.add(member);
                    if (disposition instanceof Disposition.Ack) acked.release();
                    if (disposition instanceof Disposition.DeadLetter dl) deadLetters.add(dl.reason());
                }
                return disposition;
            });
        }

        @Override
        public Subscription subscribe(String topic, Consumer<BusMessage> handler) {
            return delegate.subscribe(topic, handler);
        }
    }
}
