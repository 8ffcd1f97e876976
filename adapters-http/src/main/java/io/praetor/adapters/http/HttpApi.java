package io.praetor.adapters.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.StoredResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP API v1 server. Every request goes through one pipeline: request id, bearer token
 * ({@link JwtVerifier}), rate limit per tenant + principal, the route's roles, content type and body
 * limit, the Idempotency-Key of a POST or PUT, then the endpoint; every failure becomes a
 * problem+json answer and no stack trace leaves the process. Handlers run on virtual threads.
 *
 * {@snippet :
 * HttpApi api = HttpApi.builder(services, JwtVerifier.builder("tid").localIssuer(iss, key, "praetor").build())
 *         .settings(HttpSettings.loopback(8080)).build();
 * api.start();
 * }
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.praetor.http");
    private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /**
     * How long a claim whose request never finished (the process died, or the store was lost before
     * the claim could be released) blocks its key: far longer than any request takes, far shorter
     * than the 24 h a finished answer is kept.
     */
    static final Duration IN_FLIGHT_TTL = Duration.ofMinutes(5);
    static final String REPLAYED = "Idempotent-Replayed";

    private final ApiServices services;
    private final JwtVerifier verifier;
    private final HttpSettings settings;
    private final HttpObserver observer;
    private final EventStreams streams;
    private final List<RouteSpec> routes;
    private final byte[] openApi;
    private final Optional<ConsoleFiles> console;
    private Javalin app;

    private HttpApi(Builder b) {
        this.services = b.services;
        this.verifier = b.verifier;
        this.settings = b.settings;
        this.observer = b.observer;
        this.console = b.console;
        this.streams = new EventStreams(services, settings.sseHeartbeat(), settings.sseBufferEvents(), observer);
        Routes declared = new Routes(services, settings, b.devTokens, observer, streams);
        List<RouteSpec> all = new java.util.ArrayList<>(declared.table());
        // the document lists itself; the endpoint reads the field once the constructor has set it
        all.add(new RouteSpec("GET", Routes.API + "/openapi.json", java.util.Set.of(), RouteSpec.BodyKind.NONE,
                "This document", this::openApiReply));
        this.routes = List.copyOf(all);
        this.openApi = Json.write(OpenApiDocument.of(routes));
    }

    private Reply openApiReply(Call call) {
        return new Reply.Bytes(200, "application/json", Map.of(), openApi);
    }

    public static Builder builder(ApiServices services, JwtVerifier verifier) {
        return new Builder(services, verifier);
    }

    /** Starts listening; returns this. */
    public synchronized HttpApi start() {
        streams.start();
        app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.inventoryLimitBytes();
            config.http.prefer405over404 = true;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            for (RouteSpec r : routes) {
                config.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(), ctx -> handle(r, ctx));
            }
            config.routes.exception(HttpResponseException.class, (e, ctx) -> unmatched(ctx, e.getStatus()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                write(ctx, Problems.reply("internal", 500, "internal error", ctx.path(), List.of()));
            });
            config.routes.error(404, ctx -> {
                if (!isProblem(ctx)) unmatched(ctx, 404);
            });
            config.routes.error(405, ctx -> {
                if (!isProblem(ctx)) unmatched(ctx, 405);
            });
        });
        try {
            app.start();
        } catch (io.javalin.util.JavalinBindException e) {
            streams.close();
            throw new PraetorException(ErrorCode.VALIDATION, "cannot listen on " + settings.host() + ":" + settings.port()
                    + ": the address is in use (choose another with PRAETOR_PORT or --port)");
        }
        return this;
    }

    /** The port it listens on (the real one when 0 was asked). */
    public int port() {
        return app.port();
    }

    /** The OpenAPI 3.1 document served at {@code /api/v1/openapi.json}. */
    public byte[] openApiDocument() {
        return openApi.clone();
    }

    /** Method and path template of every registered route. */
    public List<String> registeredRoutes() {
        return routes.stream().map(r -> r.method() + " " + r.path()).toList();
    }

    @Override
    public synchronized void close() {
        streams.close();
        if (app != null) app.stop();
    }

    private static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(Problems.MEDIA_TYPE);
    }

    private void unmatched(Context ctx, int status) {
        discardUnreadBody(ctx, settings.bodyLimitBytes());
        if (status == 404 && console.isPresent() && ctx.method() == HandlerType.GET && !ctx.path().startsWith("/api/")) {
            Optional<Reply> page = console.get().serve(ctx.path());
            if (page.isPresent()) {
                write(ctx, page.get());
                return;
            }
        }
        Reply r = switch (status) {
            case 405 -> Problems.reply("method-not-allowed", 405, ctx.method() + " is not allowed on " + ctx.path(),
                    ctx.path(), List.of());
            case 404 -> Problems.reply("not-found", 404, "no route " + ctx.path(), ctx.path(), List.of());
            case 413 -> Problems.reply("payload-too-large", 413, "the request body is too large", ctx.path(), List.of());
            case 400 -> Problems.reply("malformed", 400, "malformed request", ctx.path(), List.of());
            default -> Problems.reply("internal", status, "request failed", ctx.path(), List.of());
        };
        write(ctx, r);
    }

    private void handle(RouteSpec route, Context ctx) {
        long start = System.nanoTime();
        String requestId = Optional.ofNullable(ctx.header("X-Request-Id")).filter(h -> h.matches("[A-Za-z0-9._-]{1,64}"))
                .orElseGet(HttpApi::newRequestId);
        MDC.put("request_id", requestId);
        ctx.header("X-Request-Id", requestId);
        Reply reply;
        try {
            reply = process(route, ctx);
        } catch (PraetorException e) {
            reply = problem(e, ctx);
        } catch (RuntimeException e) {
            LOG.error("internal error on {} {}", route.method(), route.path(), e);
            reply = Problems.reply("internal", 500, "internal error (request " + requestId + ")", ctx.path(), List.of());
        }
        discardUnreadBody(ctx, route.body() == RouteSpec.BodyKind.INVENTORY ? settings.inventoryLimitBytes() : settings.bodyLimitBytes());
        try {
            write(ctx, reply);
        } finally {
            int status = reply.status();
            long nanos = System.nanoTime() - start;
            observer.requestFinished(route.method(), route.path(), status, nanos);
            if (!route.path().equals("/healthz") && !route.path().equals("/prometheus")) {
                LOG.info("{} {} {} {}ms", route.method(), route.path(), status, nanos / 1_000_000);
            }
            MDC.clear();
        }
    }

    /**
     * A random (version 4) UUID from the thread's generator: a request id must be unique, not
     * unpredictable, and {@code UUID.randomUUID()} takes every request through one SecureRandom.
     */
    private static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & ~0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private Reply process(RouteSpec route, Context ctx) {
        Optional<Principal> principal = Optional.empty();
        if (!route.open()) {
            Principal p = verifier.verify(bearer(ctx));
            principal = Optional.of(p);
            MDC.put("tenant", p.tenant().value());
            MDC.put("principal", p.subject());
            rateLimit(p);
            if (route.anyOf().stream().noneMatch(p::has)) {
                throw new PraetorException(ErrorCode.FORBIDDEN, "this needs the role "
                        + String.join(" or ", route.anyOf().stream().map(Role::wireName).sorted().toList()));
            }
        }
        byte[] body = readBody(route, ctx);
        Call call = new Call(ctx, principal, body);
        String key = ctx.header("Idempotency-Key");
        boolean writes = route.method().equals("POST") || route.method().equals("PUT");
        if (key == null || !writes || principal.isEmpty()) {
            return route.endpoint().handle(call);
        }
        return idempotent(route, ctx, call, principal.get(), key);
    }

    private Reply idempotent(RouteSpec route, Context ctx, Call call, Principal p, String key) {
        IdempotencyScope scope = new IdempotencyScope(p.tenant(), p.subject(), key);
        String hash = requestHash(route.method(), ctx, call.body());
        IdempotencyClaim claim = services.idempotency().claim(scope, hash, IN_FLIGHT_TTL);
        return switch (claim) {
            case IdempotencyClaim.Replay replay -> {
                StoredResponse s = replay.response();
                Map<String, String> headers = new LinkedHashMap<>(s.headers());
                headers.put(REPLAYED, "true");
                yield new Reply.Bytes(s.status(), s.contentType(), headers, s.body());
            }
            case IdempotencyClaim.InFlight inFlight -> throw new PraetorException(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
                    "a request with this Idempotency-Key is being processed");
            case IdempotencyClaim.Mismatch mismatch -> throw new PraetorException(ErrorCode.IDEMPOTENCY_MISMATCH,
                    "this Idempotency-Key was used with a different request");
            case IdempotencyClaim.Claimed claimed -> {
                Reply reply;
                try {
                    reply = route.endpoint().handle(call);
                } catch (PraetorException e) {
                    reply = problem(e, ctx);
                } catch (RuntimeException e) {
                    releaseQuietly(scope);
                    throw e;
                }
                if (reply instanceof Reply.Bytes b && b.status() < 500) {
                    services.idempotency().complete(scope, hash,
                            new StoredResponse(b.status(), b.contentType(), b.headers(), b.body()), IDEMPOTENCY_TTL);
                } else {
                    releaseQuietly(scope);
                }
                yield reply;
            }
        };
    }

    /** A release the store cannot take (it is down) leaves the claim to expire after {@link #IN_FLIGHT_TTL}. */
    private void releaseQuietly(IdempotencyScope scope) {
        try {
            services.idempotency().release(scope);
        } catch (PraetorException e) {
            LOG.warn("could not release Idempotency-Key claim (it expires in {}): {}", IN_FLIGHT_TTL, e.getMessage());
        }
    }

    private static String requestHash(String method, Context ctx, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String query = ctx.queryString() == null ? "" : ctx.queryString();
            sha.update((method + " " + ctx.path() + "?" + query + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rateLimit(Principal p) {
        if (settings.rateLimit().isEmpty()) return;
        RateDecision d = services.rateLimiter().tryAcquire(p.tenant().value() + "/" + p.subject(), settings.rateLimit().get());
        if (d instanceof RateDecision.Limited limited) {
            throw new RateLimited(limited.retryAfter());
        }
    }

    /** RATE_LIMITED carrying how long to wait, for the Retry-After header. */
    private static final class RateLimited extends PraetorException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super(ErrorCode.RATE_LIMITED, "too many requests; retry after " + Math.max(1, ceilSeconds(retryAfter)) + " s");
            this.retryAfter = retryAfter;
        }
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.isBlank()) {
            throw new PraetorException(ErrorCode.UNAUTHORIZED, "a bearer token is required");
        }
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() <= 7) {
            throw new PraetorException(ErrorCode.UNAUTHORIZED, "the Authorization header must be 'Bearer <token>'");
        }
        return h.substring(7).trim();
    }

    private byte[] readBody(RouteSpec route, Context ctx) {
        if (route.body() == RouteSpec.BodyKind.NONE) return new byte[0];
        long limit = route.body() == RouteSpec.BodyKind.INVENTORY ? settings.inventoryLimitBytes() : settings.bodyLimitBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw tooLarge(limit);
        if (declared > 0) checkContentType(route, ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 1 << 20));
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > limit) throw tooLarge(limit);
                buf.write(chunk, 0, n);
            }
            byte[] body = buf.toByteArray();
            if (declared < 0 && body.length > 0) checkContentType(route, ctx);
            return body;
        } catch (IOException e) {
            throw new PraetorException(ErrorCode.MALFORMED, "the request body could not be read");
        }
    }

    /**
     * Reads and drops what is left of a request body the answer did not need (a request refused on
     * its token, role, Content-Type or route before its body was read), so the connection stays
     * usable. Left unread, Jetty answers with {@code Connection: close} and closes a socket that
     * still holds or receives body bytes; the kernel then resets the connection, and a client still
     * writing its body may lose the answer (the HTTP fuzz saw "received no bytes"). Not done for a
     * body over the limit (that connection is closed, as it should be) nor for a client waiting for
     * {@code 100 Continue} (it never sends the body of a refused request).
     */
    private static void discardUnreadBody(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        boolean chunked = declared < 0 && ctx.header("Transfer-Encoding") != null;
        if (declared == 0 || declared < 0 && !chunked || declared > limit) return;
        String expect = ctx.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) return;
        try {
            InputStream in = ctx.req().getInputStream();
            if (in.read() < 0) return;  // read already, as for every accepted request
            byte[] chunk = new byte[16 * 1024];
            long total = 1;
            int n;
            while (total <= limit && (n = in.read(chunk)) >= 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // the body could not be read (the client went away, or Jetty already failed it): Jetty closes the connection
        }
    }

    private static PraetorException tooLarge(long limit) {
        return new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than " + (limit >> 20) + " MB");
    }

    private static void checkContentType(RouteSpec route, Context ctx) {
        String raw = ctx.header("Content-Type");
        String type = raw == null ? "" : raw.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean ok = switch (route.body()) {
            case JSON -> type.equals("application/json");
            case POLICY -> type.equals("application/json") || type.equals("application/yaml")
                    || type.equals("application/x-yaml") || type.equals("text/yaml");
            case INVENTORY -> type.equals("application/json") || type.equals("application/x-ndjson");
            case NONE -> true;
        };
        if (!ok) {
            throw new UnsupportedMediaType(type.isEmpty() ? "(none)" : type, route.body());
        }
    }

    private Reply problem(PraetorException e, Context ctx) {
        if (e instanceof UnsupportedMediaType u) {
            return Problems.reply("unsupported-media-type", 415, u.getMessage(), ctx.path(), List.of());
        }
        if (e.code() == ErrorCode.OUTCOME_UNKNOWN && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)) {
            // a read changes nothing, so a store lost while committing it leaves no unknown outcome: the store is
            // unavailable, and asking again is safe
            return Problems.reply(ErrorCode.DEPENDENCY_UNAVAILABLE.slug(), Problems.status(ErrorCode.DEPENDENCY_UNAVAILABLE),
                    "the store was lost while answering; ask again", ctx.path(), List.of());
        }
        int status = Problems.status(e.code());
        String detail = e.code() == ErrorCode.INTERNAL ? "internal error" : e.getMessage();
        if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.OUTCOME_UNKNOWN) {
            LOG.error("request failed: {}", e.getMessage(), e);
        }
        List<InputIssue> issues = e.issues();
        if (e.code() == ErrorCode.MALFORMED && issues.isEmpty()) {
            issues = List.of(InputIssue.pointer("", e.getMessage()));
        }
        Reply r = Problems.reply(e.code().slug(), status, detail == null ? "" : detail, ctx.path(), issues);
        if (e instanceof RateLimited rl) {
            r = Reply.withHeader(r, "Retry-After", Long.toString(Math.max(1, ceilSeconds(rl.retryAfter))));
        }
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            r = Reply.withHeader(r, "WWW-Authenticate", "Bearer");
        }
        return r;
    }

    private static void write(Context ctx, Reply reply) {
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        switch (reply) {
            case Reply.Bytes b -> {
                if (b.status() == 204) return;
                ctx.contentType(b.contentType());
                ctx.result(b.body());
            }
            case Reply.Streamed s -> {
                ctx.contentType(s.contentType());
                try {
                    OutputStream out = ctx.res().getOutputStream();
                    s.writer().writeTo(out);
                    out.flush();
                } catch (IOException clientGone) {
                    // the client went away mid-stream; nothing more can be said to it
                }
            }
        }
    }

    /** 415: a body whose Content-Type the route does not read. */
    static final class UnsupportedMediaType extends PraetorException {
        private static final long serialVersionUID = 1L;

        UnsupportedMediaType(String type, RouteSpec.BodyKind kind) {
            super(ErrorCode.MALFORMED, "Content-Type " + type + " is not accepted here (use " + switch (kind) {
                case JSON -> "application/json";
                case POLICY -> "application/yaml or application/json";
                case INVENTORY -> "application/json or application/x-ndjson";
                case NONE -> "no body";
            } + ")");
        }
    }

    /** Jetty's own errors (bad URI, header too large…) as problem+json, never its HTML page, and the connection closed. */
    private static final class ProblemErrorHandler extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() <= 0 ? 500 : response.getStatus();
            String slug = switch (status) {
                case 400 -> "malformed";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 413, 431 -> "payload-too-large";
                case 415 -> "unsupported-media-type";
                default -> status < 500 ? "malformed" : "internal";
            };
            byte[] body = Json.write(Problems.body(slug, status, Problems.title(slug), request.getHttpURI().getPath(), List.of()));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
            // Jetty closes the connection after a request it could not parse (bad URI, oversize
            // headers) but did not say so, and a client would send its next request on a dead one
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    /** Collects what the server needs; only the services and the verifier are required. */
    public static final class Builder {
        private final ApiServices services;
        private final JwtVerifier verifier;
        private HttpSettings settings = HttpSettings.loopback(8080);
        private HttpObserver observer = HttpObserver.NONE;
        private Optional<DevTokenMinter> devTokens = Optional.empty();
        private Optional<ConsoleFiles> console = Optional.empty();

        private Builder(ApiServices services, JwtVerifier verifier) {
            this.services = Objects.requireNonNull(services);
            this.verifier = Objects.requireNonNull(verifier);
        }

        public Builder settings(HttpSettings s) {
            this.settings = Objects.requireNonNull(s);
            return this;
        }

        public Builder observer(HttpObserver o) {
            this.observer = Objects.requireNonNull(o);
            return this;
        }

        /** Enables {@code POST /api/v1/dev/token} (in dev mode only). */
        public Builder devTokens(DevTokenMinter minter) {
            this.devTokens = Optional.of(minter);
            return this;
        }

        /**
         * Serves the web console from {@code root/} on the classpath (when it holds an
         * {@code index.html}) for every GET outside {@code /api/}, falling back to its index.html.
         */
        public Builder consoleFromClasspath(ClassLoader loader, String root) {
            this.console = ConsoleFiles.fromClasspath(loader, root);
            return this;
        }

        public HttpApi build() {
            return new HttpApi(this);
        }
    }
}
