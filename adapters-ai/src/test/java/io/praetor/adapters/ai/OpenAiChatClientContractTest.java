package io.praetor.adapters.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.ai.AiClient;
import io.praetor.ports.ai.AiMessage;
import io.praetor.ports.ai.AiRequest;
import io.praetor.testkit.AiClientContract;
import io.praetor.testkit.fixtures.ScriptedModelServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiChatClientContractTest extends AiClientContract {
    @Override
    protected AiClient client(URI baseUrl) {
        return AiAdapters.openAiCompatible(new OpenAiSettings(baseUrl, "test-model", Optional.of("sk-test")));
    }

    @Test
    void sendsTheModelNameAndTheKeyAsABearerToken() {
        model.then(ScriptedModelServer.text("ok"));
        client(model.baseUrl()).complete(AiRequest.of(List.of(AiMessage.user("hi")), Duration.ofSeconds(5)));
        assertThat(model.received().get(0).authorization()).isEqualTo("Bearer sk-test");
        assertThat(model.received().get(0).body()).contains("\"model\":\"test-model\"");
    }

    @Test
    void theSettingsNeverPrintTheKey() {
        assertThat(new OpenAiSettings(URI.create("http://x/v1"), "m", Optional.of("sk-secret")).toString())
                .doesNotContain("sk-secret");
    }
}
