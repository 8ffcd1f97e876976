package io.praetor.adapters.http;

import io.praetor.ports.coordination.RateLimit;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server listens and limits: address, body limits (inventory imports have their own),
 * the per tenant + principal rate limit (absent = off), the SSE heartbeat and per-client buffer, dev mode and what the
 * console needs to sign in.
 */
public record HttpSettings(
        String host,
        int port,
        long bodyLimitBytes,
        long inventoryLimitBytes,
        Optional<RateLimit> rateLimit,
        Duration sseHeartbeat,
        int sseBufferEvents,
        boolean devMode,
        Optional<URI> oidcIssuer,
        Optional<String> oidcClientId) {
    public HttpSettings {
        Objects.requireNonNull(host);
        Objects.requireNonNull(rateLimit);
        Objects.requireNonNull(sseHeartbeat);
        Objects.requireNonNull(oidcIssuer);
        Objects.requireNonNull(oidcClientId);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        if (bodyLimitBytes < 1 || inventoryLimitBytes < 1) throw new IllegalArgumentException("body limits must be positive");
        if (sseHeartbeat.isNegative() || sseHeartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
        if (sseBufferEvents < 1) throw new IllegalArgumentException("the SSE buffer must hold at least one event");
    }

    /** Events a {@code /events} client may fall behind by before it is dropped. */
    public static final int DEFAULT_SSE_BUFFER_EVENTS = 1024;

    /** Loopback on {@code port}, 10 MB / 64 MB, no rate limit, 15 s heartbeat, dev mode. */
    public static HttpSettings loopback(int port) {
        return new HttpSettings("127.0.0.1", port, 10L << 20, 64L << 20, Optional.empty(), Duration.ofSeconds(15),
                DEFAULT_SSE_BUFFER_EVENTS, true, Optional.empty(), Optional.empty());
    }

    public HttpSettings withRateLimit(Optional<RateLimit> limit) {
        return new HttpSettings(host, port, bodyLimitBytes, inventoryLimitBytes, limit, sseHeartbeat, sseBufferEvents, devMode,
                oidcIssuer, oidcClientId);
    }

    public HttpSettings withSseHeartbeat(Duration heartbeat) {
        return new HttpSettings(host, port, bodyLimitBytes, inventoryLimitBytes, rateLimit, heartbeat, sseBufferEvents, devMode,
                oidcIssuer, oidcClientId);
    }

    public HttpSettings withSseBufferEvents(int events) {
        return new HttpSettings(host, port, bodyLimitBytes, inventoryLimitBytes, rateLimit, sseHeartbeat, events, devMode,
                oidcIssuer, oidcClientId);
    }
}
