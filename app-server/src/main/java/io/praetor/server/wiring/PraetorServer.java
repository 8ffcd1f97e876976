package io.praetor.server.wiring;

import io.praetor.Praetor;
import io.praetor.adapters.http.HttpApi;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.redis.RedisAdapters;
import io.praetor.adapters.s3.S3Adapters;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.security.DevTokens;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A started Praetor: the facade's background work (executor, tree heads, outbox relay and
 * exemption expiry) and the HTTP API; closing stops both.
 */
@Singleton
public final class PraetorServer implements AutoCloseable {
    private final Praetor praetor;
    private final HttpApi api;
    private final InMemoryAdapters adapters;
    private final PraetorConfig config;
    private final DevTokens devTokens;
    private final Optional<RedisAdapters> redis;
    private final Optional<PostgresAdapters> postgres;
    private final Optional<AdapterModule.BrokerBus> broker;
    private final Optional<S3Adapters> s3;
    private boolean started;

    @Inject
    PraetorServer(Praetor praetor, HttpApi api, InMemoryAdapters adapters, PraetorConfig config, DevTokens devTokens,
                  Optional<RedisAdapters> redis, Optional<PostgresAdapters> postgres,
                  Optional<AdapterModule.BrokerBus> broker, Optional<S3Adapters> s3) {
        this.s3 = s3;
        this.redis = redis;
        this.broker = broker;
        this.postgres = postgres;
        this.praetor = praetor;
        this.api = api;
        this.adapters = adapters;
        this.config = config;
        this.devTokens = devTokens;
    }

    public synchronized PraetorServer start() {
        if (!started) {
            praetor.start();
            api.start();
            started = true;
        }
        return this;
    }

    public int port() {
        return api.port();
    }

    public String url() {
        return "http://" + (config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind()) + ":" + port();
    }

    public Praetor praetor() {
        return praetor;
    }

    public HttpApi api() {
        return api;
    }

    /** In dev mode, a token of the local issuer; empty otherwise. */
    public Optional<String> devToken(String tenant, String subject, Set<Role> roles, Duration ttl) {
        if (!config.devMode()) return Optional.empty();
        return Optional.of(devTokens.mint(TenantId.of(tenant), subject, roles, ttl));
    }

    @Override
    public synchronized void close() {
        api.close();
        praetor.close();
        adapters.close();
        broker.ifPresent(AdapterModule.BrokerBus::close);
        s3.ifPresent(S3Adapters::close);
        redis.ifPresent(RedisAdapters::close);
        postgres.ifPresent(PostgresAdapters::close);
    }
}
