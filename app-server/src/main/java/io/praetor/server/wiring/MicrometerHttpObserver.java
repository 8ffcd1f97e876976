package io.praetor.server.wiring;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.praetor.adapters.http.HttpObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request latency histograms by route and the number of SSE clients, in Micrometer; readiness of
 * the adapters, each asked when {@code /readyz} is.
 */
final class MicrometerHttpObserver implements HttpObserver {
    private final PrometheusMeterRegistry registry;
    private final AtomicInteger sseClients;
    private final Map<String, Supplier<Readiness>> readiness = new LinkedHashMap<>();

    MicrometerHttpObserver(PrometheusMeterRegistry registry, Map<String, Supplier<Readiness>> adapters) {
        this.registry = registry;
        this.sseClients = registry.gauge("praetor.sse.clients", new AtomicInteger());
        readiness.putAll(adapters);
    }

    @Override
    public void requestFinished(String method, String route, int status, long nanos) {
        Timer.builder("praetor.http.requests")
                .description("HTTP request latency by route")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sseClients(int open) {
        sseClients.set(open);
    }

    @Override
    public String prometheus() {
        return registry.scrape();
    }

    @Override
    public Map<String, Readiness> readiness() {
        Map<String, Readiness> now = new LinkedHashMap<>();
        readiness.forEach((name, probe) -> now.put(name, probe.get()));
        return now;
    }
}
