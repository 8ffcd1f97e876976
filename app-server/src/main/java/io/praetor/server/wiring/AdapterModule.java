package io.praetor.server.wiring;

import com.nimbusds.jose.jwk.ECKey;
import dagger.Module;
import dagger.Provides;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.bus.kafka.KafkaBusSettings;
import io.praetor.adapters.bus.kafka.KafkaEventBus;
import io.praetor.adapters.bus.nats.NatsBusSettings;
import io.praetor.adapters.bus.nats.NatsEventBus;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.postgres.PostgresSettings;
import io.praetor.adapters.redis.RedisAdapters;
import io.praetor.adapters.s3.S3Adapters;
import io.praetor.adapters.s3.S3Credentials;
import io.praetor.adapters.s3.S3Endpoint;
import io.praetor.adapters.s3.S3Remediation;
import io.praetor.adapters.s3.S3Settings;
import io.praetor.adapters.redis.RedisSettings;
import io.praetor.adapters.webhook.WebhookActionHandler;
import io.praetor.adapters.ai.AiAdapters;
import io.praetor.adapters.ai.OpenAiSettings;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.events.EventBus;
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
 * filesystem evidence) or PostgreSQL stores; NATS or Kafka for the bus; S3 for evidence; Redis in
 * front of the cache and rate limits; an OpenAI-compatible model for the AI services; a setting that asks for an adapter not installed
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

    /** NATS JetStream or Kafka when {@code PRAETOR_BUS} says so; empty = the in-process bus. */
    @Provides
    @Singleton
    static Optional<BrokerBus> broker(PraetorConfig config) {
        return switch (config.bus()) {
            case MEMORY -> Optional.empty();
            case NATS -> Optional.of(new BrokerBus("nats " + config.natsUrl().orElseThrow(),
                    NatsEventBus.connect(new NatsBusSettings(config.natsUrl().orElseThrow(), config.busPrefix()))));
            case KAFKA -> Optional.of(new BrokerBus("kafka " + config.kafkaBootstrap().orElseThrow(),
                    KafkaEventBus.connect(new KafkaBusSettings(config.kafkaBootstrap().orElseThrow(), config.busPrefix()))));
        };
    }

    /** A broker-backed bus and how /readyz names it; closed with the server. */
    record BrokerBus(String description, EventBus bus) implements AutoCloseable {
        /** Whether the broker answers now. */
        boolean reachable() {
            return switch (bus) {
                case NatsEventBus nats -> nats.reachable();
                case KafkaEventBus kafka -> kafka.reachable();
                default -> true;
            };
        }

        @Override
        public void close() {
            if (bus instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing at shutdown: nothing left to do with the error
                }
            }
        }
    }

    /** S3 (any S3-compatible endpoint) for evidence when {@code PRAETOR_EVIDENCE=s3}; credentials from the SDK chain. */
    @Provides
    @Singleton
    static Optional<S3Adapters> s3(PraetorConfig config, InstantSource clock) {
        return config.s3().map(s -> S3Adapters.create(new S3Settings(s.endpoint().map(ConfigUris::endpoint), s.bucket(),
                s.region(), s.pathStyle(), new S3Credentials.DefaultChain()), clock));
    }

    @Provides
    @Singleton
    static DrivenPorts ports(InMemoryAdapters embedded, Optional<PostgresAdapters> postgres, Optional<RedisAdapters> redis,
                             Optional<BrokerBus> broker, Optional<S3Adapters> s3) {
        DrivenPorts base = postgres.<DrivenPorts>map(p -> p).orElse(embedded);
        if (redis.isEmpty() && broker.isEmpty() && s3.isEmpty()) return base;
        return new PortOverrides(base, broker.map(BrokerBus::bus), s3.map(S3Adapters::evidenceStore),
                redis.map(RedisAdapters::cache), redis.map(RedisAdapters::rateLimiter));
    }

    /** PRAETOR_S3_ENDPOINT as a URI, or one line naming the variable. */
    static final class ConfigUris {
        private ConfigUris() {}

        static java.net.URI endpoint(String text) {
            try {
                java.net.URI uri = new java.net.URI(text);
                if (uri.getScheme() == null || uri.getHost() == null) throw new java.net.URISyntaxException(text, "not absolute");
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException("PRAETOR_S3_ENDPOINT", "'" + text + "' is not an absolute URL");
            }
        }
    }

    /**
     * The S3 remediation handlers, against {@code PRAETOR_S3_ENDPOINT} (AWS itself when unset); each
     * step uses the credentials the credentials port has for the resource's account, else the SDK chain.
     */
    @Provides
    @Singleton
    static S3Remediation s3Remediation(PraetorConfig config) {
        PraetorConfig.S3Target t = config.s3Target();
        return S3Remediation.create(new S3Endpoint(t.endpoint().map(ConfigUris::endpoint), t.region(), t.pathStyle()));
    }

    /** The configured credential sets ({@code PRAETOR_CREDENTIALS_<NAME>_*}), for handlers and live sources. */
    @Provides
    @Singleton
    static CredentialProvider credentials(PraetorConfig config) {
        return new ConfiguredCredentials(config.credentialSets());
    }

    @Provides
    @Singleton
    static List<ActionHandler> handlers(PraetorConfig config, S3Remediation s3) {
        List<ActionHandler> all = new java.util.ArrayList<>();
        all.add(new WebhookActionHandler(config.webhooks()));
        all.addAll(s3.handlers());
        return List.copyOf(all);
    }

    /** Adapters that are configured but not part of this build: refuse to start. */
    static void requireInstalled(PraetorConfig config) {
        switch (config.store()) {
            case MEMORY -> { }
            case POSTGRES -> { }
        }
    }

    /** The AI model when {@code PRAETOR_AI_URL} is set; otherwise none, and the local analyst answers. */
    @Provides
    @Singleton
    static Optional<AiClient> aiClient(PraetorConfig config) {
        return config.ai().map(ai -> AiAdapters.openAiCompatible(new OpenAiSettings(ai.url(), ai.model(), ai.apiKey())));
    }

    private static ConfigException notInstalled(String variable, String adapter) {
        return new ConfigException(variable, "the " + adapter + " adapter is not installed in this build "
                + "(unset it to use the embedded default)");
    }
}
