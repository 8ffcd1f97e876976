package io.praetor.domain.decide;

import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.Cache;
import io.praetor.ports.events.TenantEventStore;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.MetricsUseCases;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} through the {@link Cache} port (ADR 0016). An answer is cached under a key
 * that names everything it was computed from: the tenant's {@link MetricInputRevisions} revision
 * (read before computing, so a write that commits meanwhile makes the entry unreachable), the
 * tenant's last event seq (writes of other instances sharing the store), the UTC day (trend range)
 * and the request's window and depth. A request made after a change therefore never gets an
 * answer computed before it; the TTL only bounds what no write announces (the window's moving edge,
 * a policy changed on another instance). Concurrent misses for one key compute once.
 */
public final class CachedMetrics implements MetricsUseCases {
    public static final Duration TTL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(CachedMetrics.class);

    private final MetricsService service;
    private final Cache cache;
    private final TenantEventStore events;
    private final MetricInputRevisions revisions;
    private final InstantSource clock;
    /** The revisions are this process's own count, so keys carry the process too. */
    private final String instance = UUID.randomUUID().toString();
    private final ConcurrentMap<String, CompletableFuture<GovernanceMetrics>> computing = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /**
     * The last entry read per tenant, decoded: hits read the same bytes again and again until the
     * next change, and decoding them was the largest cost of a cached answer. Equal bytes decode to
     * equal metrics, so the check is on the bytes (a Redis read gives a fresh copy each time).
     */
    private final ConcurrentMap<TenantId, Decoded> lastDecoded = new ConcurrentHashMap<>();

    private record Decoded(byte[] bytes, GovernanceMetrics metrics) {}

    public CachedMetrics(MetricsService service, Cache cache, TenantEventStore events, MetricInputRevisions revisions,
                         InstantSource clock) {
        this.service = service;
        this.cache = cache;
        this.events = events;
        this.revisions = revisions;
        this.clock = clock;
    }

    @Override
    public GovernanceMetrics metrics(Principal principal, Duration window, boolean deep) {
        FindingService.require(principal, Role.VIEWER);
        TenantId tenant = principal.tenant();
        long revision = revisions.current(tenant); // first: anything committed after this moves it
        long seq = events.lastSeq(tenant);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        String key = "metrics:" + tenant.value() + ":" + instance + ":" + revision + ":" + seq + ":" + today + ":"
                + window.toSeconds() + ":" + deep;
        Optional<GovernanceMetrics> cached = read(tenant, key);
        if (cached.isPresent()) {
            hits.increment();
            return withCache(cached.get(), "hit");
        }
        misses.increment();
        CompletableFuture<GovernanceMetrics> mine = new CompletableFuture<>();
        CompletableFuture<GovernanceMetrics> running = computing.putIfAbsent(key, mine);
        if (running != null) return withCache(join(running), "miss");
        try {
            GovernanceMetrics computed = service.metrics(principal, window, deep);
            cache.put(key, MetricsCodec.encode(computed), TTL);
            mine.complete(computed);
            return withCache(computed, "miss");
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key, mine);
        }
    }

    private Optional<GovernanceMetrics> read(TenantId tenant, String key) {
        Optional<byte[]> bytes = cache.get(key);
        if (bytes.isEmpty()) return Optional.empty();
        Decoded last = lastDecoded.get(tenant);
        if (last != null && java.util.Arrays.equals(last.bytes(), bytes.get())) return Optional.of(last.metrics());
        try {
            GovernanceMetrics decoded = MetricsCodec.decode(bytes.get());
            lastDecoded.put(tenant, new Decoded(bytes.get(), decoded));
            return Optional.of(decoded);
        } catch (RuntimeException e) {
            LOG.warn("ignoring an unreadable cached metrics entry {}: {}", key, e.toString());
            cache.invalidate(key);
            return Optional.empty();
        }
    }

    private static GovernanceMetrics join(CompletableFuture<GovernanceMetrics> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private static GovernanceMetrics withCache(GovernanceMetrics m, String cache) {
        return new GovernanceMetrics(m.tenant(), m.generatedAt(), m.complianceScore(), m.resourcesTotal(),
                m.policiesTotal(), m.findingsOpen(), m.findingsBySeverity(), m.findingsByFramework(), m.topPolicies(),
                m.topResourceTypes(), m.trend(), m.mttrHours(), m.actions(), m.forecast(), m.analysis(),
                new GovernanceMetrics.Sources(m.sources().ai(), cache));
    }

    /** Answers served from the cache since start. */
    public long hits() {
        return hits.sum();
    }

    /** Answers that had to be computed (or waited for another request's computation). */
    public long misses() {
        return misses.sum();
    }
}
