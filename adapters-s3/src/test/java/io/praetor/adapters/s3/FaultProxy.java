package io.praetor.adapters.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fault-injecting HTTP proxy in front of an S3 endpoint (run it without authentication: the proxy
 * changes the Host header a signature covers). A {@link Rule} decides per request whether to answer
 * an error itself, delay before forwarding, or forward; every request is logged. Requests run on
 * their own threads, so a delayed one does not hold up the rest. Exported in this module's test jar
 * (the reliability suite puts it between the server and its S3 endpoint).
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding");

    /** What the proxy does with request number {@code n} (from 1). */
    public sealed interface Fault {
        record Forward() implements Fault {}

        record Fail(int status, String code) implements Fault {}

        /** Forwards without the headers whose names start with {@code prefix} (for features the endpoint lacks). */
        record ForwardWithout(String prefix) implements Fault {}

        /** Answers {@code body} itself, as the endpoint would. */
        record Answer(int status, String body) implements Fault {}

        /** Waits, then forwards: the client may have given up and retried meanwhile. */
        record Delay(Duration by) implements Fault {}
    }

    @FunctionalInterface
    public interface Rule {
        Fault decide(int n, Seen request);
    }

    public record Seen(String method, String pathAndQuery, java.util.Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
        }

        public boolean is(String m, String fragment) {
            return method.equals(m) && pathAndQuery.contains(fragment);
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final HttpClient forward = HttpClient.newBuilder().executor(workers).build();
    private final URI target;
    private final AtomicInteger count = new AtomicInteger();
    public final AtomicInteger injected = new AtomicInteger();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public volatile Rule rule = (n, r) -> new Fault.Forward();

    public FaultProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long count(Predicate<Seen> which) {
        return seen.stream().filter(which).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                java.util.Map.copyOf(exchange.getRequestHeaders()));
        seen.add(request);
        byte[] body = exchange.getRequestBody().readAllBytes();
        switch (rule.decide(count.incrementAndGet(), request)) {
            case Fault.Fail f -> {
                injected.incrementAndGet();
                respond(exchange, f.status(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + f.code()
                        + "</Code><Message>injected</Message></Error>");
            }
            case Fault.Answer a -> {
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) exchange.getResponseBody().write(bytes);
                exchange.close();
            }
            case Fault.Delay d -> {
                injected.incrementAndGet();
                try {
                    Thread.sleep(d.by().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                relay(exchange, body, "");
            }
            case Fault.Forward f -> relay(exchange, body, "");
            case Fault.ForwardWithout f -> relay(exchange, body, f.prefix());
        }
    }

    private void relay(HttpExchange exchange, byte[] body, String dropPrefix) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            boolean dropped = !dropPrefix.isEmpty() && name.toLowerCase().startsWith(dropPrefix);
            if (!RESTRICTED.contains(name.toLowerCase()) && !dropped) values.forEach(v -> request.header(name, v));
        });
        try {
            HttpResponse<byte[]> response = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.statusCode(), head || response.body().length == 0 ? -1 : response.body().length);
            if (!head) exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (IOException e) {
            // the client hung up while we waited (its attempt timed out): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
