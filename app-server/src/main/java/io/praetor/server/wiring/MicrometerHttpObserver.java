package io.praetor.server.wiring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.praetor.Praetor;
import io.praetor.adapters.http.HttpObserver;
import io.praetor.domain.decide.CachedMetrics;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /prometheus} shows, in Micrometer: request latency histograms by route; SSE clients
 * open and dropped; how long events wait between being stored and reaching SSE clients, and the
 * outbox relay's backlog; actions per state per tenant; the metrics cache's hits and misses.
 * Values that cost a store read (action states, outbox) are taken once per scrape. Also the
 * adapters' readiness, each asked when {@code /readyz} is.
 */
final class MicrometerHttpObserver implements HttpObserver {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerHttpObserver.class);
    /** The outbox is counted up to this many events per scrape. */
    static final int OUTBOX_COUNT_LIMIT = 10_000;

    private final PrometheusMeterRegistry registry;
    private final AtomicInteger sseClients;
    private final Counter sseDropped;
    private final Timer fanoutLag;
    private final Counter fannedOut;
    private final Map<String, Supplier<Readiness>> readiness = new LinkedHashMap<>();
    private final Map<RequestKind, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Praetor praetor;
    private final MultiGauge actionStates;
    private final AtomicReference<Praetor.OutboxBacklog> outbox = new AtomicReference<>(new Praetor.OutboxBacklog(0, Duration.ZERO));

    MicrometerHttpObserver(PrometheusMeterRegistry registry, Map<String, Supplier<Readiness>> adapters, Praetor praetor) {
        this.registry = registry;
        this.praetor = praetor;
        this.sseClients = registry.gauge("praetor.sse.clients", new AtomicInteger());
        this.sseDropped = Counter.builder("praetor.sse.dropped")
                .description("/events clients dropped for falling behind their buffer (they resume with Last-Event-ID)")
                .register(registry);
        this.fanoutLag = Timer.builder("praetor.events.fanout.lag")
                .description("From a tenant event being stored to its feed handing it to the SSE clients (outbox + bus + read)")
                .publishPercentileHistogram().register(registry);
        this.fannedOut = Counter.builder("praetor.events.fanned.out").description("Tenant events handed to SSE feeds")
                .register(registry);
        this.actionStates = MultiGauge.builder("praetor.actions").description("Actions per state and tenant")
                .register(registry);
        Gauge.builder("praetor.outbox.pending", outbox, o -> o.get().events())
                .description("Tenant events stored but not yet published on the bus (counted up to " + OUTBOX_COUNT_LIMIT + ")")
                .register(registry);
        Gauge.builder("praetor.outbox.oldest.age", outbox, o -> o.get().oldest().toMillis() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest unpublished tenant event").register(registry);
        CachedMetrics cache = praetor.metricsCache();
        FunctionCounter.builder("praetor.metrics.cache.requests", cache, CachedMetrics::hits).tag("result", "hit")
                .description("GET /metrics answers by cache result").register(registry);
        FunctionCounter.builder("praetor.metrics.cache.requests", cache, CachedMetrics::misses).tag("result", "miss")
                .register(registry);
        Gauge.builder("praetor.metrics.cache.hit.ratio", cache, c -> {
            double total = c.hits() + c.misses();
            return total == 0 ? 0 : c.hits() / total;
        }).description("Share of GET /metrics answers served from the cache since start").register(registry);
        readiness.putAll(adapters);
    }

    @Override
    public void requestFinished(String method, String route, int status, long nanos) {
        // found again by its tags on every request, the timer cost more than the work of a cached GET /metrics
        timers.computeIfAbsent(new RequestKind(method, route, status), k -> Timer.builder("praetor.http.requests")
                        .description("HTTP request latency by route")
                        .tag("method", k.method())
                        .tag("route", k.route())
                        .tag("status", Integer.toString(k.status()))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One timer per method, route template and status (a bounded set: routes are templates). */
    private record RequestKind(String method, String route, int status) {}

    @Override
    public void sseClients(int open) {
        sseClients.set(open);
    }

    @Override
    public void sseClientDropped() {
        sseDropped.increment();
    }

    @Override
    public void eventsFannedOut(int frames, Duration oldestAge) {
        fannedOut.increment(frames);
        fanoutLag.record(oldestAge.isNegative() ? Duration.ZERO : oldestAge);
    }

    @Override
    public String prometheus() {
        refreshStoreGauges();
        return registry.scrape();
    }

    /** Reads the action states and the outbox once per scrape; a failing store leaves the last values. */
    private void refreshStoreGauges() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Map.Entry<TenantId, Map<ActionState, Long>> t : praetor.actionStateCounts().entrySet()) {
                t.getValue().forEach((state, n) ->
                        rows.add(MultiGauge.Row.of(Tags.of("tenant", t.getKey().value(), "state", state.wireName()), n)));
            }
            actionStates.register(rows, true);
            outbox.set(praetor.outboxBacklog(OUTBOX_COUNT_LIMIT));
        } catch (RuntimeException e) {
            LOG.warn("could not read action states or the outbox for /prometheus: {}", e.toString());
        }
    }

    @Override
    public Map<String, Readiness> readiness() {
        Map<String, Readiness> now = new LinkedHashMap<>();
        readiness.forEach((name, probe) -> now.put(name, probe.get()));
        return now;
    }
}
