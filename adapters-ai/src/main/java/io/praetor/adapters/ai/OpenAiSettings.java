package io.praetor.adapters.ai;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the model is: the API base URL ({@code PRAETOR_AI_URL}, e.g. {@code https://api.openai.com/v1}
 * or {@code http://localhost:11434/v1}), the model name ({@code PRAETOR_AI_MODEL}) and the key
 * ({@code PRAETOR_AI_API_KEY}, sent as a bearer token; none for local servers).
 */
public record OpenAiSettings(URI baseUrl, String model, Optional<String> apiKey) {
    public OpenAiSettings {
        Objects.requireNonNull(baseUrl);
        Objects.requireNonNull(model);
        Objects.requireNonNull(apiKey);
        if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("the AI base URL must be http or https: " + baseUrl);
        }
        if (model.isBlank()) throw new IllegalArgumentException("the AI model name must not be blank");
    }

    /** The key never appears in logs. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey.isPresent() ? "***" : "none") + "]";
    }
}
