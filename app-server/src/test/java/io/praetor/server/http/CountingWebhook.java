package io.praetor.server.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The webhook endpoint of several instances: instance {@code x} posts to {@code /hook/x}, so each
 * call says which instance applied. It records every call with its {@code Idempotency-Key}; the
 * effects of a real idempotent endpoint are the distinct keys. A test can arm it to hold the next
 * call (the instance is then inside apply) or to run something right after answering it.
 */
final class CountingWebhook implements AutoCloseable {
    /** {@code number}: 1 for the first call received, and so on; the answer to a call names it. */
    record Call(String instance, String idempotencyKey, Instant receivedAt, int number) {}

    private sealed interface Trap {
        record Hold(CountDownLatch release) implements Trap {}

        record AfterAnswer(Consumer<Call> then) implements Trap {}
    }

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<Trap> trap = new AtomicReference<>();
    private final BlockingQueue<Call> trapped = new LinkedBlockingQueue<>();

    CountingWebhook() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String instance = exchange.getRequestURI().getPath().substring("/hook/".length());
            Call call;
            synchronized (calls) {
                call = new Call(instance, exchange.getRequestHeaders().getFirst("Idempotency-Key"), Instant.now(),
                        calls.size() + 1);
                calls.add(call);
            }
            Trap t = trap.getAndSet(null);
            if (t instanceof Trap.Hold hold) {
                trapped.add(call);
                try {
                    hold.release().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                // which call this answers, so a test can tell whose response an action stored
                byte[] answer = ("{\"ticket\":\"T-1\",\"answered\":\"" + instance + "\",\"call\":" + call.number() + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException callerIsGone) {
                // the instance was killed while we held its call
            } finally {
                exchange.close();
            }
            if (t instanceof Trap.AfterAnswer after) {
                trapped.add(call);
                after.then().accept(call);
            }
        });
        server.start();
    }

    String url(String instance) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + instance;
    }

    /** The next call is held until the returned latch is counted down. */
    CountDownLatch holdNext() {
        CountDownLatch release = new CountDownLatch(1);
        trap.set(new Trap.Hold(release));
        return release;
    }

    /** Right after answering the next call, {@code then} runs with it (on the server's thread). */
    void afterNextAnswer(Consumer<Call> then) {
        trap.set(new Trap.AfterAnswer(then));
    }

    /** The call the armed trap caught, waiting up to {@code seconds}. */
    Optional<Call> trapped(long seconds) throws InterruptedException {
        return Optional.ofNullable(trapped.poll(seconds, TimeUnit.SECONDS));
    }

    List<Call> callsFor(String actionId) {
        return calls.stream().filter(c -> actionId.equals(c.idempotencyKey())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
