package io.praetor.server.wiring;

import io.praetor.Praetor;
import io.praetor.adapters.http.HttpApi;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.postgres.PostgresAdapters;
import io.praetor.adapters.redis.RedisAdapters;
import io.praetor.adapters.s3.S3Adapters;
import io.praetor.adapters.s3.S3Remediation;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.security.DevTokens;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A started Praetor: the facade's background work (executor, tree heads, outbox relay and
 * exemption expiry) and the HTTP API; closing stops both.
 */
@Singleton
public final class PraetorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PraetorServer.class);
    private final Praetor praetor;
    private final HttpApi api;
    private final InMemoryAdapters adapters;
    private final PraetorConfig config;
    private final DevTokens devTokens;
    private final Optional<RedisAdapters> redis;
    private final Optional<PostgresAdapters> postgres;
    private final Optional<AdapterModule.BrokerBus> broker;
    private final Optional<S3Adapters> s3;
    private final S3Remediation s3Remediation;
    private ScheduledExecutorService sourceScheduler;
    private boolean started;

    @Inject
    PraetorServer(Praetor praetor, HttpApi api, InMemoryAdapters adapters, PraetorConfig config, DevTokens devTokens,
                  Optional<RedisAdapters> redis, Optional<PostgresAdapters> postgres,
                  Optional<AdapterModule.BrokerBus> broker, Optional<S3Adapters> s3, S3Remediation s3Remediation) {
        this.s3 = s3;
        this.s3Remediation = s3Remediation;
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
            startSourceScheduler();
            started = true;
        }
        return this;
    }

    /**
     * Every {@code PRAETOR_SOURCE_SYNC_TICK_S} the scheduler asks the core which live sources are due
     * by their own schedule (on the clock port) and syncs them, one at a time, on its own thread.
     */
    private void startSourceScheduler() {
        sourceScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "praetor-source-sync");
            t.setDaemon(true);
            return t;
        });
        long tick = config.sourceSyncTick().toMillis();
        sourceScheduler.scheduleWithFixedDelay(() -> {
            try {
                praetor.inventorySources().syncDue();
            } catch (RuntimeException e) {
                LOG.warn("scheduled source syncs failed: {}", e.toString());
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
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
        if (sourceScheduler != null) {
            sourceScheduler.shutdownNow();
            try {
                sourceScheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        api.close();
        praetor.close();
        adapters.close();
        broker.ifPresent(AdapterModule.BrokerBus::close);
        s3.ifPresent(S3Adapters::close);
        s3Remediation.close();
        redis.ifPresent(RedisAdapters::close);
        postgres.ifPresent(PostgresAdapters::close);
    }
}
