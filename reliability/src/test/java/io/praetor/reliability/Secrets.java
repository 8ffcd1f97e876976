package io.praetor.reliability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every secret the suite handles (tokens, key material), so SecretsInLogsTest can look for each in the log. */
final class Secrets {
    private Secrets() {}

    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    /** What the suite remembered, and every token its TestServers minted. */
    static Set<String> all() {
        Set<String> all = new java.util.HashSet<>(SEEN);
        all.addAll(io.praetor.server.testing.TestServer.mintedTokens());
        return all;
    }

    static String remember(String secret) {
        SEEN.add(secret);
        return secret;
    }
}
