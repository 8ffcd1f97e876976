package io.praetor.domain.act;

import static io.praetor.domain.act.ActHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.Topics;
import io.praetor.ports.evidence.EvidenceRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an action leaves behind: evidence artefacts, the outbox, and messages for the executor. */
class ActionRecordsTest {
    private final ActHarness h = new ActHarness();

    @AfterEach
    void close() {
        h.close();
    }

    record Artefact(String actionId, String name, String mediaType, String content) {}

    @Test
    void executor_recordsPlanDiffPreflightBeforeAfterAndHandlerResponses_asEvidenceOfTheAction() throws Exception {
        List<Artefact> recorded = new CopyOnWriteArrayList<>();
        ActionArtifacts artifacts = (tenant, actionId, name, mediaType, content) -> {
            recorded.add(new Artefact(actionId, name, mediaType, new String(content, StandardCharsets.UTF_8)));
            try {
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
                return Optional.of(new EvidenceRef(sha, mediaType, name, content.length, Optional.of(actionId), h.clock.instant()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        };
        ActionExecutor executor = new ActionExecutor(h.ports, h.handlers, h.settings, ObservedStateSink.NONE, artifacts);
        Action a = h.request(h.setX, false);
        executor.advance(TENANT, a.id());
        h.service.approve(h.bob, a.id(), "");
        executor.advance(TENANT, a.id());

        Action done = h.get(a.id());
        assertThat(done.state()).isEqualTo(ActionState.COMPLETED);
        assertThat(recorded).extracting(Artefact::name).containsExactly("preflight-report.json", "plan.json", "diff.json",
                "before.json", "apply-response.json", "after.json");
        assertThat(recorded).allSatisfy(r -> {
            assertThat(r.actionId()).isEqualTo(a.id());
            assertThat(r.mediaType()).isEqualTo("application/json");
        });
        assertThat(recorded.get(2).content()).isEqualTo("{\"diff\":[{\"op\":\"replace\",\"path\":\"/x\",\"value\":2}]}");
        assertThat(done.evidence()).extracting(EvidenceRef::name).containsExactlyElementsOf(
                recorded.stream().map(Artefact::name).toList());

        ActionService service = new ActionService(h.ports, h.handlers, h.settings, artifacts);
        Action rolledBack = service.rollback(h.carol, a.id());
        assertThat(rolledBack.evidence()).extracting(EvidenceRef::name).last().isEqualTo("rollback-response.json");
    }

    @Test
    void everyActionEvent_isStoredBeforeItIsPublished_andTheOutboxIsEmptied() throws Exception {
        LinkedBlockingQueue<String> problems = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<BusMessage> seen = new LinkedBlockingQueue<>();
        h.memory.eventBus().subscribe(Topics.TENANT_EVENTS, m -> {
            Map<String, Object> body = io.praetor.domain.json.JsonTreeReader.readObject(m.payload().toByteArray());
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) body.get("data");
            String actionId = (String) data.get("action_id");
            long seq = (Long) data.get("seq");
            List<ActionEvent> stored = h.memory.actionEvents().read(TENANT, actionId, seq - 1, 1);
            if (stored.isEmpty() || stored.get(0).seq() != seq) problems.add("published before stored: " + actionId + "#" + seq);
            seen.add(m);
        });

        Action a = h.requestPlanned(h.setX, false);
        h.service.approve(h.bob, a.id(), "");
        h.executor.advance(TENANT, a.id());
        long events = h.get(a.id()).lastSeq();

        for (int i = 0; i < events; i++) assertThat(seen.poll(10, TimeUnit.SECONDS)).as("event %d published", i + 1).isNotNull();
        assertThat(problems).isEmpty();
        assertThat(h.memory.tenantEvents().unpublished(100)).isEmpty();
    }

    @Test
    void commandsThatLeaveWorkForTheExecutor_enqueueTheAction_andResumeFindsTheRest() throws Exception {
        LinkedBlockingQueue<String> keys = new LinkedBlockingQueue<>();
        h.memory.eventBus().consume(Topics.ACTIONS_EXECUTE, "probe", io.praetor.ports.events.EventBus.WorkQueueOptions.DEFAULT, d -> {
            keys.add(d.message().key());
            return io.praetor.ports.events.Disposition.ack();
        });
        Action a = h.request(h.setX, true);
        assertThat(keys.poll(10, TimeUnit.SECONDS)).as("request enqueues").isEqualTo(a.id());

        h.executor.advance(TENANT, a.id());
        h.service.approve(h.bob, a.id(), "");
        h.service.run(h.alice, a.id());
        assertThat(keys.poll(10, TimeUnit.SECONDS)).as("run enqueues").isEqualTo(a.id());
        assertThat(keys.poll(50, TimeUnit.MILLISECONDS)).as("approving a dry-run action does not").isNull();

        assertThat(h.executor.resume(TENANT)).isEqualTo(1);
        assertThat(keys.poll(10, TimeUnit.SECONDS)).isEqualTo(a.id());
    }
}
