package io.praetor.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of OPERATIONS.md, validated. Optional values are absent when unset; everything else
 * has its documented default, which is the embedded adapter.
 */
public record PraetorConfig(
        int port,
        String bind,
        Path dataDir,
        Path signingKeyFile,
        Store store,
        Optional<Postgres> postgres,
        Bus bus,
        String busPrefix,
        Optional<String> natsUrl,
        Optional<String> kafkaBootstrap,
        Evidence evidence,
        Optional<S3> s3,
        Optional<String> redisUrl,
        String redisPrefix,
        Optional<Ai> ai,
        Map<String, URI> webhooks,
        Optional<Oidc> oidc,
        String tenantClaim,
        boolean devMode,
        long bodyLimitBytes,
        long inventoryLimitBytes,
        Optional<RateSetting> rateLimit,
        Duration sseHeartbeat,
        Duration actionLease) {

    public enum Store { MEMORY, POSTGRES }

    public enum Bus { MEMORY, NATS, KAFKA }

    public enum Evidence { FS, S3 }

    public record Postgres(String url, String user, String password, String appRole) {
        @Override
        public String toString() {
            return "Postgres[url=" + url + ", user=" + user + ", appRole=" + appRole + "]";
        }
    }

    public record S3(Optional<String> endpoint, String bucket, String region, boolean pathStyle) {}

    public record Ai(URI url, String model, Optional<String> apiKey, Duration timeout, Duration inlineBudget) {
        @Override
        public String toString() {
            return "Ai[url=" + url + ", model=" + model + ", timeout=" + timeout + "]";
        }
    }

    public record Oidc(URI issuer, Optional<String> audience, Optional<String> clientId) {}

    /** {@code 200/s}: permits per period. */
    public record RateSetting(long permits, Duration period) {}
}
