package io.praetor.server.wiring;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.praetor.adapters.http.HttpObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Request latency histograms by route and the number of SSE clients, in Micrometer; readiness of the embedded adapters. */
final class MicrometerHttpObserver implements HttpObserver {
    private final PrometheusMeterRegistry registry;
    private final AtomicInteger sseClients;
    private final Map<String, Readiness> readiness = new LinkedHashMap<>();

    MicrometerHttpObserver(PrometheusMeterRegistry registry, Map<String, String> adapters) {
        this.registry = registry;
        this.sseClients = registry.gauge("praetor.sse.clients", new AtomicInteger());
        adapters.forEach((name, detail) -> readiness.put(name, new Readiness("ok", detail)));
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
        return Map.copyOf(readiness);
    }
}
