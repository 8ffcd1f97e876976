package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Delivery;
import io.praetor.ports.events.Disposition;
import io.praetor.ports.events.EventBus;
import io.praetor.ports.events.Subscription;
import io.praetor.ports.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An action whose work message was lost (the instance died after its commit) is queued again once it has been idle. */
class IdleActionResumeTest {
    private final ActHarness h = new ActHarness();
    private final List<BusMessage> published = new CopyOnWriteArrayList<>();
    private final EventBus recording = new EventBus() {
        @Override public void publish(BusMessage message) { published.add(message); }
        @Override public Subscription consume(String topic, String group, WorkQueueOptions options,
                                              Function<Delivery, Disposition> handler) { throw new UnsupportedOperationException(); }
        @Override public Subscription subscribe(String topic, Consumer<BusMessage> handler) { throw new UnsupportedOperationException(); }
    };
    private final ActPorts ports = new ActPorts(h.ports.transactions(), h.ports.actions(), h.ports.actionEvents(),
            h.ports.tenantEvents(), h.ports.elevations(), h.ports.findings(), h.ports.policies(), h.ports.resources(),
            recording, h.ports.locks(), h.ports.credentials(), h.ports.clock());
    private final ActionExecutor sweeper = new ActionExecutor(ports, h.handlers, h.settings, (t, r) -> { }, ActionArtifacts.NONE);

    @AfterEach
    void close() {
        h.close();
    }

    private List<String> executeMessages() {
        return published.stream().filter(m -> m.topic().equals(Topics.ACTIONS_EXECUTE)).map(BusMessage::key).toList();
    }

    @Test
    void onlyActionsWithExecutorWorkThatNothingMovedForTheIdleTime_areQueuedAgain() {
        Action queued = h.request(h.setX, true);               // its message "lost": never delivered
        Action planned = h.requestPlanned(h.setX, true);       // waits for a person: no executor work
        assertThat(h.get(queued.id()).state()).isEqualTo(ActionState.QUEUED);

        assertThat(sweeper.resumeIdle(TENANT, Duration.ofMinutes(10))).isZero();
        h.clock.advance(Duration.ofMinutes(11));
        assertThat(sweeper.resumeIdle(TENANT, Duration.ofMinutes(10))).isEqualTo(1);
        assertThat(executeMessages()).containsExactly(queued.id());

        // once moved, it is not idle any more
        h.executor.advance(TENANT, queued.id());
        assertThat(sweeper.resumeIdle(TENANT, Duration.ofMinutes(10))).isZero();
        assertThat(planned.state()).isEqualTo(ActionState.PLANNED);
    }
}
