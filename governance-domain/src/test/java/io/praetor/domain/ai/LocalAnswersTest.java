package io.praetor.domain.ai;

import static io.praetor.domain.ai.AiFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.usecase.AiUseCases.AnalysisScope;
import io.praetor.ports.usecase.AiUseCases.ChatMessage;
import io.praetor.ports.usecase.AiUseCases.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Without a model every AI use case still answers, from the local analyst, marked local. */
class LocalAnswersTest {
    private final AiFixture fx = AiFixture.withoutModel();

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void analysis_ranksTheOpenFindings_andSuggestsTheirPolicysHandler() {
        var a = fx.praetor.ai().analyse(ALICE, new AnalysisScope(Optional.of("s3-versioning"), Optional.empty(), List.of()));
        assertThat(a.source()).isEqualTo(Source.LOCAL);
        assertThat(a.risks()).hasSize(2);
        assertThat(a.suggestedActions()).hasSize(2).allSatisfy(s -> assertThat(s.handler()).isEqualTo("test.enable-versioning"));
        assertThat(fx.praetor.aiState()).isEqualTo("disabled");
    }

    @Test
    void generation_answersTheClosestBuiltInPolicy_compiledAndRunOnSamples() {
        var d = fx.praetor.ai().generatePolicy(ALICE, "S3 buckets must block public access", Optional.of("aws.s3.bucket"));
        assertThat(d.source()).isEqualTo(Source.LOCAL);
        assertThat(d.compiles()).isTrue();
        assertThat(d.policyYaml()).contains("resource: aws.s3.bucket").containsIgnoringCase("public");
        assertThat(d.samples()).isEqualTo(3);
    }

    @Test
    void predictions_comeFromTheLocalAnalyst() {
        var p = fx.praetor.ai().predictions(ALICE);
        assertThat(p.source()).isEqualTo(Source.LOCAL);
        assertThat(p.forecast().reason()).isPresent(); // fewer than 3 daily points
    }

    @Test
    void theAssistant_answersItsFixedQuestionsFromTheReadUseCases() {
        List<String> chunks = new ArrayList<>();
        var posture = fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "How is my posture?")), chunks::add);
        assertThat(posture.source()).isEqualTo(Source.LOCAL);
        assertThat(posture.reply()).contains("2 open findings");
        assertThat(String.join("", chunks)).isEqualTo(posture.reply());

        var risks = fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "what are my top risks?")), t -> { });
        assertThat(risks.reply()).contains("arn:aws:s3:::logs");
        assertThat(risks.citations()).hasSize(2);

        var ofType = fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "findings of aws.s3.bucket?")), t -> { });
        assertThat(ofType.reply()).contains("Open findings on aws.s3.bucket");

        var changed = fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "what changed recently?")), t -> { });
        assertThat(changed.reply()).contains("2 findings opened");

        var waiting = fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "anything awaiting approval?")), t -> { });
        assertThat(waiting.reply()).contains("No actions");
        assertThat(LocalAssistant.classify("tell me a joke")).isEqualTo(LocalAssistant.Question.UNKNOWN);
    }

    @Test
    void aConversationThatDoesNotEndWithTheUser_isInvalid_namingTheMessage() {
        assertThatThrownBy(() -> fx.praetor.ai().chat(ALICE, List.of(new ChatMessage("user", "hi"), new ChatMessage("system", "x")), t -> { }))
                .isInstanceOfSatisfying(PraetorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.issues().get(0).pointer()).isEqualTo("/messages/1/role");
                });
    }

    @Test
    void aCallerWithoutARole_isForbidden() {
        Principal nobody = new Principal("n", TenantId.of("acme"), Set.of());
        assertThatThrownBy(() -> fx.praetor.ai().predictions(nobody))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void theBuiltInList_isEveryFileUnderPolicies_andEachLoads() throws Exception {
        Path root = Path.of("..", "policies");
        List<String> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(BuiltInPolicies.FILES).containsExactlyInAnyOrderElementsOf(files);
        assertThat(BuiltInPolicies.load().all()).hasSizeGreaterThan(files.size());
    }

    @Test
    void redaction_replacesSecretsByKeyAndByShape() {
        assertThat(Redaction.tree(java.util.Map.of("password", "p", "nested", java.util.Map.of("apiKey", "k"), "note", "AKIAABCDEFGHIJKLMNOP",
                "ok", "fine"))).isEqualTo(java.util.Map.of("password", Redaction.REDACTED, "nested", java.util.Map.of("apiKey", Redaction.REDACTED),
                "note", Redaction.REDACTED, "ok", "fine"));
    }
}
