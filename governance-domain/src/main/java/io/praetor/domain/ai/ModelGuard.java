package io.praetor.domain.ai;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.praetor.ports.PraetorException;
import io.praetor.ports.ai.AiClient;
import io.praetor.ports.ai.AiReply;
import io.praetor.ports.ai.AiRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every model call goes through here: a bulkhead (calls beyond {@code maxConcurrent} are refused at
 * once), a circuit breaker (opens after {@code failureThreshold} consecutive failures, lets one
 * trial through after {@code breakerDelay}, closes on its success) and a timeout that interrupts
 * the call. A reply the caller cannot use ({@link Garbage}) counts as a failure like a 5xx. The
 * answer is a value: what the model said, or why there is nothing. Thread-safe.
 */
public final class ModelGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ModelGuard.class);

    /** Thrown by an interpreter when the model's reply is not what was asked for. */
    static final class Garbage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Garbage(String message) {
            super(message, null, false, false);
        }
    }

    /** What a guarded call gave. */
    sealed interface Answer<T> {
        record Given<T>(T result) implements Answer<T> {}

        record Missing<T>(String why) implements Answer<T> {}

        default Optional<T> value() {
            return this instanceof Given<T> g ? Optional.of(g.result()) : Optional.empty();
        }
    }

    private final Optional<AiClient> client;
    private final AiSettings settings;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> executor;
    private final FailsafeExecutor<Object> inline;

    public ModelGuard(Optional<AiClient> client, AiSettings settings) {
        this.client = Objects.requireNonNull(client);
        this.settings = Objects.requireNonNull(settings);
        this.breaker = CircuitBreaker.builder()
                .handle(PraetorException.class, Garbage.class, TimeoutExceededException.class)
                .withFailureThreshold(settings.failureThreshold())
                .withDelay(settings.breakerDelay())
                .withSuccessThreshold(1)
                .onOpen(e -> LOG.warn("AI circuit opened: the local analyst answers for {}", settings.breakerDelay()))
                .onHalfOpen(e -> LOG.info("AI circuit half-open: one trial call"))
                .onClose(e -> LOG.info("AI circuit closed"))
                .build();
        Bulkhead<Object> bulkhead = Bulkhead.builder(settings.maxConcurrent()).withMaxWaitTime(Duration.ZERO).build();
        Timeout<Object> timeout = Timeout.builder(settings.timeout()).withInterrupt().build();
        // outermost first: a full bulkhead is not a failure of the model; a timeout is
        this.executor = Failsafe.with(bulkhead, breaker, timeout);
        // work inside a read (GET /metrics?deep=true) shares the breaker and bulkhead, with the inline budget
        this.inline = Failsafe.with(bulkhead, breaker, Timeout.builder(settings.inlineBudget()).withInterrupt().build());
    }

    public boolean enabled() {
        return client.isPresent();
    }

    /**
     * Whether a call now could reach the model: configured, and the circuit not open within its
     * delay. Callers check this before preparing what they would send, so an open circuit costs
     * nothing; once the delay has passed it answers true and the next call is the half-open trial.
     */
    public boolean available() {
        return client.isPresent() && !(breaker.isOpen() && breaker.getRemainingDelay().compareTo(Duration.ZERO) > 0);
    }

    public AiSettings settings() {
        return settings;
    }

    /** disabled, closed, open or half-open. */
    public String state() {
        if (client.isEmpty()) return "disabled";
        return switch (breaker.getState()) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
        };
    }

    /** One completion, interpreted; the interpreter throws {@link Garbage} for an unusable reply. */
    <T> Answer<T> complete(AiRequest request, Function<AiReply, T> interpret) {
        return guarded(executor(false), settings.timeout(), c -> interpret.apply(c.complete(request)));
    }

    /** One completion within the inline budget, for AI work inside a read. */
    <T> Answer<T> completeInline(AiRequest request, Function<AiReply, T> interpret) {
        AiRequest bounded = bounded(request, settings.inlineBudget());
        return guarded(executor(true), settings.inlineBudget(), c -> interpret.apply(c.complete(bounded)));
    }

    /** One streamed completion: {@code onChunk} sees the text as it arrives. */
    <T> Answer<T> stream(AiRequest request, Consumer<String> onChunk, Function<AiReply, T> interpret) {
        return guarded(executor(false), settings.timeout(), c -> interpret.apply(c.stream(request, onChunk)));
    }

    /** A request bounded by the guard's timeout (or {@code bound}, if shorter). */
    AiRequest bounded(AiRequest request, Duration bound) {
        Duration t = bound.compareTo(settings.timeout()) < 0 ? bound : settings.timeout();
        return new AiRequest(request.messages(), request.responseSchema(), request.tools(), t);
    }

    private FailsafeExecutor<Object> executor(boolean withinRead) {
        return withinRead ? inline : executor;
    }

    private <T> Answer<T> guarded(FailsafeExecutor<Object> policies, Duration timeout, Function<AiClient, T> call) {
        if (client.isEmpty()) return new Answer.Missing<>("no AI service is configured");
        AiClient c = client.get();
        try {
            Object value = policies.get(() -> call.apply(c));
            @SuppressWarnings("unchecked")
            T t = (T) value;
            return new Answer.Given<>(t);
        } catch (CircuitBreakerOpenException e) {
            return new Answer.Missing<>("the AI circuit is open");
        } catch (BulkheadFullException e) {
            return new Answer.Missing<>("the AI service is busy (" + settings.maxConcurrent() + " calls in flight)");
        } catch (TimeoutExceededException e) {
            Thread.interrupted(); // the timeout interrupted this thread; the request goes on without the model
            return missing("the AI service did not answer within " + timeout.toMillis() + " ms");
        } catch (Garbage e) {
            return missing("the AI service answered something unusable: " + e.getMessage());
        } catch (PraetorException e) {
            return missing(e.getMessage());
        } catch (FailsafeException e) {
            return missing("the AI call failed: " + (e.getCause() == null ? e.toString() : e.getCause().toString()));
        }
    }

    private static <T> Answer<T> missing(String why) {
        LOG.warn("AI call failed, the local analyst answers: {}", why);
        return new Answer.Missing<>(why);
    }
}
