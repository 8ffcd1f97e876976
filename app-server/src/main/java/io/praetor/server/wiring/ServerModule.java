package io.praetor.server.wiring;

import com.nimbusds.jose.jwk.ECKey;
import dagger.Module;
import dagger.Provides;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.praetor.Praetor;
import io.praetor.adapters.http.ApiServices;
import io.praetor.adapters.http.HttpApi;
import io.praetor.adapters.http.HttpSettings;
import io.praetor.adapters.http.JwtVerifier;
import io.praetor.ports.DrivenPorts;
import io.praetor.ports.action.ActionHandler;
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
    static Praetor praetor(DrivenPorts ports, List<ActionHandler> handlers) {
        return Praetor.builder().ports(ports).handlers(handlers).build();
    }

    @Provides
    @Singleton
    static ApiServices apiServices(Praetor p, DrivenPorts ports) {
        return new ApiServices(p.inventory(), p.policies(), p.findings(), p.exemptions(), p.metrics(), p.actions(),
                p.elevations(), p.evidenceUseCases(), p.ledgerUseCases(), ports.tenantEvents(),
                ports.inventorySources(), ports.eventBus(), ports.idempotency(), ports.rateLimiter(), ports.clock());
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
                c.rateLimit().map(r -> new RateLimit(r.permits(), r.period())), c.sseHeartbeat(), c.devMode(),
                c.oidc().map(PraetorConfig.Oidc::issuer), c.oidc().flatMap(PraetorConfig.Oidc::clientId));
    }

    @Provides
    @Singleton
    static HttpApi httpApi(ApiServices services, JwtVerifier verifier, HttpSettings settings,
                           PrometheusMeterRegistry registry, DevTokens devTokens, PraetorConfig config) {
        HttpApi.Builder b = HttpApi.builder(services, verifier).settings(settings)
                .consoleFromClasspath(ServerModule.class.getClassLoader(), "console")
                .observer(new MicrometerHttpObserver(registry, Map.of(
                        "store", "memory", "bus", "memory", "evidence", "fs " + config.dataDir().resolve("evidence"))));
        if (config.devMode()) {
            b.devTokens(devTokens::mint);
        }
        return b.build();
    }
}
