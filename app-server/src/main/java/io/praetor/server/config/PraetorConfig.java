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
        S3Target s3Target,
        Map<String, CredentialSet> credentialSets,
        Duration sourceSyncTick,
        int sseBufferEvents,
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

    /** Where the S3 remediation handlers send their calls ({@code PRAETOR_S3_ENDPOINT/REGION/PATH_STYLE}). */
    public record S3Target(Optional<String> endpoint, String region, boolean pathStyle) {}

    /**
     * One named set of AWS keys ({@code PRAETOR_CREDENTIALS_<NAME>_ACCESS_KEY_ID}, {@code _SECRET_ACCESS_KEY},
     * {@code _SESSION_TOKEN}); sources and handlers refer to it by name. {@link #toString} never prints secrets.
     */
    public record CredentialSet(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "CredentialSet[accessKeyId=" + accessKeyId + ", secretAccessKey=***"
                    + (sessionToken.isPresent() ? ", sessionToken=***" : "") + "]";
        }
    }

    /** {@code 200/s}: permits per period. */
    public record RateSetting(long permits, Duration period) {}
}
