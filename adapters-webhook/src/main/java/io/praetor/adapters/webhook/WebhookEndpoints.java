package io.praetor.adapters.webhook;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses {@code PRAETOR_WEBHOOKS}: {@code name=url,name=url}. Names are {@code [a-z0-9][a-z0-9._-]*};
 * URLs are absolute {@code http} or {@code https} URIs. A blank value configures none. A broken value
 * is a VALIDATION error that names the entry, so the server refuses to start rather than guess.
 */
public final class WebhookEndpoints {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private WebhookEndpoints() {}

    public static Map<String, URI> parse(String value) {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        if (value == null || value.isBlank()) return Map.of();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) continue;
            int eq = trimmed.indexOf('=');
            if (eq < 0) throw invalid(trimmed, "expected name=url");
            String name = trimmed.substring(0, eq).trim();
            String url = trimmed.substring(eq + 1).trim();
            if (!NAME.matcher(name).matches()) throw invalid(trimmed, "the name must match " + NAME.pattern());
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw invalid(trimmed, "not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme();
            if (!uri.isAbsolute() || uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw invalid(trimmed, "the URL must be an absolute http or https URL");
            }
            if (endpoints.put(name, uri) != null) throw invalid(trimmed, "endpoint " + name + " is configured twice");
        }
        return Collections.unmodifiableMap(endpoints);
    }

    private static PraetorException invalid(String entry, String why) {
        // The URL may carry a secret token in its path or query: name the entry by its name only.
        int eq = entry.indexOf('=');
        String shown = eq < 0 ? "(unnamed entry)" : entry.substring(0, eq).trim();
        return new PraetorException(ErrorCode.VALIDATION, "PRAETOR_WEBHOOKS entry " + shown + ": " + why);
    }
}
