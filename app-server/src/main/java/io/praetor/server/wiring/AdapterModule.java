package io.praetor.server.wiring;

import com.nimbusds.jose.jwk.ECKey;
import dagger.Module;
import dagger.Provides;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.postgres.PostgresSettings;
import io.praetor.adapters.redis.RedisAdapters;
import io.praetor.adapters.redis.RedisSettings;
import io.praetor.adapters.webhook.WebhookActionHandler;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.evidence.Signer;
import io.praetor.server.config.ConfigException;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.security.SigningKeyFile;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jakarta.inject.Singleton;

/**
 * Chooses the driven adapters from the configuration: the embedded family (memory stores and bus,
 * filesystem evidence) or PostgreSQL stores, optionally fronted by Redis for the cache and rate
 * limits; a setting that asks for an adapter not installed
 * stops start-up with one line naming the variable, rather than silently running on memory.
 */
@Module
public final class AdapterModule {
    private static final int POSTGRES_POOL_SIZE = 16;

    private AdapterModule() {}

    @Provides
    @Singleton
    static ECKey signingKey(PraetorConfig config) {
        return SigningKeyFile.loadOrCreate(config.signingKeyFile());
    }

    @Provides
    @Singleton
    static Signer signer(ECKey key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        key.toJSONObject().forEach((k, v) -> jwk.put(k, String.valueOf(v)));
        return LocalKeySigner.fromPrivateJwk(jwk);
    }

    @Provides
    @Singleton
    static InMemoryAdapters embedded(PraetorConfig config, InstantSource clock, Signer signer) {
        requireInstalled(config);
        return InMemoryAdapters.builder(clock)
                .evidenceDirectory(config.dataDir().resolve("evidence"))
                .signer(signer)
                .build();
    }

    /** Redis when {@code PRAETOR_REDIS_URL} is set: it takes over the cache and the rate limits. */
    @Provides
    @Singleton
    static Optional<RedisAdapters> redis(PraetorConfig config, InstantSource clock) {
        return config.redisUrl().map(url -> RedisAdapters.connect(new RedisSettings(url, config.redisPrefix()), clock));
    }

    /**
     * The embedded family, with Redis fronting the cache and rate limits when configured.
     * Idempotency records and locks stay in the store (OPERATIONS.md): Redis here keeps nothing on
     * disk, so it must never be the only holder of a key or a fencing counter.
     */
    /**
     * PostgreSQL when {@code PRAETOR_STORE=postgres}: every store, the transactions, locks and
     * idempotency records; the migrations run at start. Bus, evidence, signer, cache and rate limits
     * stay with the embedded family until their adapters are configured.
     */
    @Provides
    @Singleton
    static Optional<PostgresAdapters> postgres(PraetorConfig config, InstantSource clock, InMemoryAdapters embedded) {
        return config.postgres().map(pg -> PostgresAdapters.create(
                new PostgresSettings(pg.url(), pg.user(), pg.password(), pg.appRole(), POSTGRES_POOL_SIZE), clock, embedded));
    }

    @Provides
    @Singleton
    static DrivenPorts ports(InMemoryAdapters embedded, Optional<PostgresAdapters> postgres, Optional<RedisAdapters> redis) {
        DrivenPorts base = postgres.<DrivenPorts>map(p -> p).orElse(embedded);
        return redis.<DrivenPorts>map(r -> new CoordinationOverrides(base, r.cache(), r.rateLimiter())).orElse(base);
    }

    @Provides
    @Singleton
    static List<ActionHandler> handlers(PraetorConfig config) {
        return List.of(new WebhookActionHandler(config.webhooks()));
    }

    /** Adapters that are configured but not part of this build: refuse to start. */
    static void requireInstalled(PraetorConfig config) {
        switch (config.store()) {
            case MEMORY -> { }
            case POSTGRES -> { }
        }
        switch (config.bus()) {
            case MEMORY -> { }
            case NATS -> throw notInstalled("PRAETOR_BUS", "nats");
            case KAFKA -> throw notInstalled("PRAETOR_BUS", "kafka");
        }
        switch (config.evidence()) {
            case FS -> { }
            case S3 -> throw notInstalled("PRAETOR_EVIDENCE", "s3");
        }
        if (config.ai().isPresent()) throw notInstalled("PRAETOR_AI_URL", "ai");
    }

    private static ConfigException notInstalled(String variable, String adapter) {
        return new ConfigException(variable, "the " + adapter + " adapter is not installed in this build "
                + "(unset it to use the embedded default)");
    }
}
