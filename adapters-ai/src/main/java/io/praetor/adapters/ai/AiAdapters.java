package io.praetor.adapters.ai;

import io.praetor.ports.ai.AiClient;
import java.net.http.HttpClient;
import java.time.Duration;

/** The public factory of this module. */
public final class AiAdapters {
    private AiAdapters() {}

    /** A client of the OpenAI-compatible Chat Completions API at {@code settings.baseUrl()}. */
    public static AiClient openAiCompatible(OpenAiSettings settings) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new OpenAiChatClient(settings, http);
    }
}
