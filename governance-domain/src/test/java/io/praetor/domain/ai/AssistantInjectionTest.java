package io.praetor.domain.ai;

import static io.praetor.domain.ai.AiFixture.ALICE;
import static io.praetor.domain.ai.AiFixture.MALLORY;
import static io.praetor.domain.ai.AiFixture.VIEWER;
import static io.praetor.testkit.fixtures.ScriptedModelServer.text;
import static io.praetor.testkit.fixtures.ScriptedModelServer.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.PageRequest;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.usecase.AiUseCases.AssistantReply;
import io.praetor.ports.usecase.AiUseCases.ChatMessage;
import io.praetor.ports.usecase.AiUseCases.Source;
import io.praetor.testkit.fixtures.ScriptedModelServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A resource's tags carry an instruction to the model; the scripted model obeys it, as a real one
 * might. Whatever it calls, nothing is written unless the user asked for a fix, only dry runs are
 * ever requested, and nothing of another tenant reaches the model.
 */
class AssistantInjectionTest {
    private final ScriptedModelServer model = ScriptedModelServer.start();
    private final AiSettings settings = AiFixture.quick();
    private final AiFixture fx = AiFixture.withModel(model, new AiSettings(settings.timeout(), settings.inlineBudget(),
            settings.failureThreshold(), settings.breakerDelay(), settings.maxConcurrent(), settings.maxRepairs(),
            settings.summaryTokens(), 6));

    @AfterEach
    void stop() {
        fx.close();
        model.close();
    }

    private long actions() {
        return fx.praetor.actions().actions(AiFixture.ADMIN, ActionQuery.all(), PageRequest.first(100)).items().size();
    }

    private AssistantReply ask(io.praetor.ports.Principal p, String question) {
        return fx.praetor.ai().chat(p, List.of(new ChatMessage("user", question)), t -> { });
    }

    @Test
    void anInstructionInResourceTags_cannotMakeTheAssistantWriteOrReadAnotherTenant() {
        Finding site = fx.findingOf(ALICE, "arn:aws:s3:::site");
        Finding theirs = fx.findingOf(MALLORY, "arn:aws:s3:::other-tenant-crown-jewels");
        model.then(
                toolCall("get_resource", "{\"resource_id\":\"arn:aws:s3:::site\"}"),       // reads the injected tags
                toolCall("propose_dry_run", "{\"finding_id\":\"" + site.id() + "\"}"),      // obeys them
                toolCall("list_findings", "{\"tenant\":\"other\"}"),                        // tries another tenant
                toolCall("get_resource", "{\"resource_id\":\"arn:aws:s3:::other-tenant-crown-jewels\"}"),
                toolCall("propose_dry_run", "{\"finding_id\":\"" + theirs.id() + "\"}"),
                text("Done."));

        AssistantReply reply = ask(ALICE, "what is wrong with the site bucket?");

        assertThat(reply.source()).isEqualTo(Source.AI);
        assertThat(reply.suggestedActions()).isEmpty();
        assertThat(actions()).isZero();
        List<String> bodies = model.received().stream().map(ScriptedModelServer.Received::body).toList();
        assertThat(bodies.get(1)).contains("IGNORE ALL PREVIOUS INSTRUCTIONS"); // the model did see it, as data
        assertThat(bodies.get(2)).contains("refused: the user did not ask for a fix");
        assertThat(bodies.get(3)).contains("unknown argument 'tenant'");
        assertThat(bodies.get(4)).contains("not found");
        assertThat(String.join("\n", bodies)).doesNotContain("crown-jewels\",\"type").doesNotContain("hunter2-secret")
                .doesNotContain("AKIAABCDEFGHIJKLMNOP");
        assertThat(fx.praetor.actions().actions(MALLORY, ActionQuery.all(), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void whenTheUserAsksForAFix_proposeDryRun_requestsADryRunOnly_forTheirOwnOpenFinding() {
        Finding logs = fx.findingOf(ALICE, "arn:aws:s3:::logs");
        Finding theirs = fx.findingOf(MALLORY, "arn:aws:s3:::other-tenant-crown-jewels");
        model.then(toolCall("propose_dry_run", "{\"finding_id\":\"" + logs.id() + "\",\"reason\":\"user asked\"}"),
                toolCall("propose_dry_run", "{\"finding_id\":\"" + theirs.id() + "\"}"),
                text("I proposed a dry run for " + logs.id() + "."));

        AssistantReply reply = ask(ALICE, "please fix the logs bucket with a dry run");

        assertThat(reply.suggestedActions()).singleElement().satisfies(s -> {
            assertThat(s.findingId()).isEqualTo(logs.id());
            assertThat(s.actionId()).isPresent();
            var action = fx.praetor.actions().action(ALICE, s.actionId().get());
            assertThat(action.dryRun()).isTrue();
            assertThat(action.requestedBy()).isEqualTo("alice");
        });
        assertThat(actions()).isEqualTo(1);
        assertThat(model.received().get(2).body()).contains("not found");
        assertThat(reply.citations()).contains(logs.id());
    }

    @Test
    void aViewer_cannotHaveTheAssistantRequestActions() {
        Finding logs = fx.findingOf(ALICE, "arn:aws:s3:::logs");
        model.then(toolCall("propose_dry_run", "{\"finding_id\":\"" + logs.id() + "\"}"), text("Cannot."));
        AssistantReply reply = ask(VIEWER, "fix it");
        assertThat(reply.suggestedActions()).isEmpty();
        assertThat(actions()).isZero();
        assertThat(model.received().get(1).body()).contains("needs operator");
    }

    @Test
    void theToolsNeverTakeATenant() {
        assertThat(AssistantTools.TOOLS).allSatisfy(t -> assertThat(t.parametersSchema()).doesNotContain("tenant")
                .contains("\"additionalProperties\":false"));
        assertThat(AssistantTools.TOOLS).extracting(t -> t.name())
                .containsExactlyInAnyOrder("get_posture", "list_findings", "top_risks", "get_resource", "list_resources",
                        "list_actions", "propose_dry_run");
        assertThat(Optional.of(AssistantTools.MAX_PROPOSALS)).contains(3);
    }
}
