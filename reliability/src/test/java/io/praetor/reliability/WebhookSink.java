package io.praetor.reliability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook handler's target: answers 200 and counts deliveries per Idempotency-Key (the action
 * id), so a test can tell an action applied twice (count 2) from one lost (count 0).
 */
final class WebhookSink implements AutoCloseable {
    private final HttpServer server;
    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final AtomicLong total = new AtomicLong();

    WebhookSink() {
        this(0);
    }

    WebhookSink(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            // a fresh ticket number per delivery, so each action's result evidence is a new blob
            long ticket = total.incrementAndGet();
            byte[] answer = ("{\"ticket\":\"T-" + ticket + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    int count(String idempotencyKey) {
        AtomicInteger n = deliveries.get(idempotencyKey);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
