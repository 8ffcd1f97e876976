package io.praetor.server.wiring;

import io.praetor.adapters.postgres.PostgresAdapters;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.LinkedHashMap;
import io.praetor.adapters.http.HttpObserver;
import io.praetor.adapters.redis.RedisAdapters;
import com.nimbusds.jose.jwk.ECKey;
import dagger.Module;
import dagger.Provides;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.praetor.Praetor;
import io.praetor.domain.act.ActSettings;
import io.praetor.domain.ai.AiSettings;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.events.EventBus;
import io.praetor.adapters.http.ApiServices;
import io.praetor.adapters.http.HttpApi;
import io.praetor.adapters.http.HttpSettings;
import io.praetor.adapters.http.JwtVerifier;
import io.praetor.ports.DrivenPorts;
import io.praetor.adapters.s3.S3LiveInventory;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.security.DevTokens;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import jakarta.inject.Singleton;

/** The core facade, the HTTP API over it, token verification and metrics. */
@Module
public final class ServerModule {
    private ServerModule() {}

    @Provides
    @Singleton
    static Praetor praetor(DrivenPorts ports, List<ActionHandler> handlers, CredentialProvider credentials,
                           InstantSource clock, Optional<AiClient> ai, PraetorConfig config) {
        Praetor.Builder b = Praetor.builder().ports(ports).handlers(handlers).credentials(credentials)
                .connector(new S3LiveInventory(clock))
                .actionSettings(actSettings(config.actionLease()));
        ai.ifPresent(b::ai);
        config.ai().ifPresent(c -> b.aiSettings(AiSettings.DEFAULTS.withTimeout(c.timeout(), c.inlineBudget())));
        return b.build();
    }

    /**
     * The resource lease of an executing action lives {@code PRAETOR_ACTION_LEASE_S}; its work message
     * is redelivered to another instance after twice that (the defaults' ratio), so a dead
     * instance's action is taken over once both have expired, and a live one renews long before.
     */
    static ActSettings actSettings(java.time.Duration lease) {
        ActSettings d = ActSettings.DEFAULTS;
        return new ActSettings(d.stepAttempts(), d.retryDelay(), d.maxRetryDelay(), lease, d.leaseAttempts(),
                d.busyRedelivery(), d.consumerGroup(),
                new EventBus.WorkQueueOptions(lease.multipliedBy(2), d.queue().maxDeliveries()));
    }

    @Provides
    @Singleton
    static ApiServices apiServices(Praetor p, DrivenPorts ports) {
        return new ApiServices(p.inventory(), p.policies(), p.findings(), p.exemptions(), p.metrics(), p.actions(),
                p.elevations(), p.evidenceUseCases(), p.ledgerUseCases(), p.ai(), ports.tenantEvents(),
                p.inventorySources(), ports.eventBus(), ports.idempotency(), ports.rateLimiter(), ports.clock());
    }

    @Provides
    @Singleton
    static DevTokens devTokens(ECKey key, PraetorConfig config, InstantSource clock) {
        return new DevTokens(key, config.tenantClaim(), clock);
    }

    @Provides
    @Singleton
    static JwtVerifier verifier(PraetorConfig config, ECKey key) {
        JwtVerifier.Builder b = JwtVerifier.builder(config.tenantClaim());
        if (config.devMode()) {
            b.localIssuer(DevTokens.ISSUER, key.toPublicJWK(), DevTokens.AUDIENCE);
        }
        config.oidc().ifPresent(o -> b.oidcIssuer(o.issuer(), o.audience()));
        return b.build();
    }

    @Provides
    @Singleton
    static PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    static HttpSettings httpSettings(PraetorConfig c) {
        return new HttpSettings(c.bind(), c.port(), c.bodyLimitBytes(), c.inventoryLimitBytes(),
                c.rateLimit().map(r -> new RateLimit(r.permits(), r.period())), c.sseHeartbeat(), c.sseBufferEvents(), c.devMode(),
                c.oidc().map(PraetorConfig.Oidc::issuer), c.oidc().flatMap(PraetorConfig.Oidc::clientId));
    }

    @Provides
    @Singleton
    static HttpApi httpApi(Praetor praetor, ApiServices services, JwtVerifier verifier, HttpSettings settings,
                           PrometheusMeterRegistry registry, DevTokens devTokens, PraetorConfig config,
                           Optional<RedisAdapters> redis, Optional<PostgresAdapters> postgres,
                           Optional<AdapterModule.BrokerBus> broker) {
        HttpApi.Builder b = HttpApi.builder(services, verifier).settings(settings)
                .consoleFromClasspath(ServerModule.class.getClassLoader(), "console")
                .observer(new MicrometerHttpObserver(registry, readiness(config, redis, postgres, broker, praetor::aiState),
                        praetor));
        if (config.devMode()) {
            b.devTokens(devTokens::mint);
        }
        return b.build();
    }

    /** What {@code /readyz} reports; Redis is asked each time, since it can go away and come back. */
    static Map<String, Supplier<HttpObserver.Readiness>> readiness(PraetorConfig config, Optional<RedisAdapters> redis,
                                                                  Optional<PostgresAdapters> postgres,
                                                                  Optional<AdapterModule.BrokerBus> broker,
                                                                  Supplier<String> aiState) {
        Map<String, Supplier<HttpObserver.Readiness>> probes = new LinkedHashMap<>();
        probes.put("store", postgres.<Supplier<HttpObserver.Readiness>>map(pg -> () -> probe(pg))
                .orElse(() -> new HttpObserver.Readiness("ok", "memory")));
        // Without its broker the server keeps serving: events wait in the outbox and go out once it is back.
        probes.put("bus", broker.<Supplier<HttpObserver.Readiness>>map(b -> () -> b.reachable()
                        ? new HttpObserver.Readiness("ok", b.description())
                        : new HttpObserver.Readiness("degraded", b.description() + " unreachable: events wait in the outbox"))
                .orElse(() -> new HttpObserver.Readiness("ok", "memory")));
        String evidence = config.s3().map(s3 -> "s3 " + s3.bucket()).orElse("fs " + config.dataDir().resolve("evidence"));
        probes.put("evidence", () -> new HttpObserver.Readiness("ok", evidence));
        // The server keeps serving without Redis (cache bypassed), so an unreachable Redis is degraded, not down.
        // The ping goes through Redis's circuit breaker: while it is open nothing is sent (no timeout to wait), and
        // once it may probe, this ping can be the probe that closes it.
        redis.ifPresent(r -> probes.put("redis", () -> {
            if (r.reachable()) return new HttpObserver.Readiness("ok", "cache and rate limits");
            return new HttpObserver.Readiness("degraded", switch (r.circuitState()) {
                case "open" -> "circuit open (Redis failed repeatedly, not asked for a few seconds): "
                        + "cache bypassed, rate limits per instance";
                case "half-open" -> "circuit half-open (probing Redis): cache bypassed, rate limits per instance";
                default -> "unreachable: cache bypassed, rate limits per instance";
            });
        }));
        // AI is optional: an open circuit degrades answers to the local analyst, it never takes the server down
        probes.put("ai", () -> switch (aiState.get()) {
            case "disabled" -> new HttpObserver.Readiness("ok", "not configured: the local analyst answers");
            case "closed" -> new HttpObserver.Readiness("ok", config.ai().map(a -> "model " + a.model()).orElse("model"));
            case "half-open" -> new HttpObserver.Readiness("degraded", "circuit half-open: trying the model again");
            default -> new HttpObserver.Readiness("degraded", "circuit open: the local analyst answers");
        });
        return probes;
    }

    /** One pooled connection, validated within a second: the store is down without it. */
    private static HttpObserver.Readiness probe(PostgresAdapters pg) {
        try (java.sql.Connection c = pg.database().pool().getConnection()) {
            return c.isValid(1) ? new HttpObserver.Readiness("ok", "postgres")
                    : new HttpObserver.Readiness("down", "postgres: connection not valid");
        } catch (java.sql.SQLException e) {
            return new HttpObserver.Readiness("down", "postgres: " + e.getSQLState());
        }
    }
}
