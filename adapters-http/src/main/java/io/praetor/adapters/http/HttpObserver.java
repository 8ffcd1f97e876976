package io.praetor.adapters.http;

import java.util.Map;

/**
 * What the server reports about itself, so that the process can keep metrics and readiness
 * without this module knowing the metrics library: one call per finished request with its route
 * template, the number of open SSE streams, the Prometheus text and the adapters' readiness.
 */
public interface HttpObserver {
    void requestFinished(String method, String route, int status, long nanos);

    default void sseClients(int open) {}

    /** A {@code /events} client fell behind by more than its buffer and was dropped (it resumes with Last-Event-ID). */
    default void sseClientDropped() {}

    /** A tenant feed handed {@code frames} events to its clients; the oldest was stored {@code oldestAge} ago. */
    default void eventsFannedOut(int frames, java.time.Duration oldestAge) {}

    /** Prometheus exposition text for {@code GET /prometheus}. */
    default String prometheus() {
        return "";
    }

    /** Name → readiness of each adapter. */
    default Map<String, Readiness> readiness() {
        return Map.of();
    }

    /** {@code status} is {@code ok}, {@code degraded} or {@code down}. */
    record Readiness(String status, String detail) {}

    HttpObserver NONE = (method, route, status, nanos) -> {};
}
