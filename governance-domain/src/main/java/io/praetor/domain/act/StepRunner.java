package io.praetor.domain.act;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one handler step with Failsafe: TRANSIENT and DEPENDENCY_UNAVAILABLE failures are retried
 * with exponential backoff; any other failure ends the step at once. The answer is a value.
 */
final class StepRunner {
    private final ActSettings settings;

    StepRunner(ActSettings settings) {
        this.settings = settings;
    }

    /** What a step came to. */
    sealed interface Outcome<T> {
        int attempts();

        record Done<T>(T value, int attempts) implements Outcome<T> {}

        /** The step failed; {@code error} is the last failure. */
        record GaveUp<T>(RuntimeException error, int attempts) implements Outcome<T> {
            public GaveUp {
                Objects.requireNonNull(error);
            }

            Optional<ErrorCode> code() {
                return error instanceof PraetorException p ? Optional.of(p.code()) : Optional.empty();
            }

            boolean retryable() {
                return isRetryable(error);
            }

            String describe() {
                String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
                return code().map(c -> c.slug() + ": ").orElse("") + message
                        + (attempts > 1 ? " (after " + attempts + " attempts)" : "");
            }
        }
    }

    <T> Outcome<T> run(Supplier<T> step) {
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf(StepRunner::isRetryable)
                .withMaxAttempts(settings.stepAttempts())
                .withBackoff(settings.retryDelay(), settings.maxRetryDelay())
                .build();
        try {
            T value = Failsafe.with(policy).get(() -> {
                attempts.incrementAndGet();
                return step.get();
            });
            return new Outcome.Done<>(value, attempts.get());
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome.GaveUp<>(cause instanceof RuntimeException r ? r
                    : new PraetorException(ErrorCode.INTERNAL, String.valueOf(cause.getMessage()), cause), attempts.get());
        } catch (RuntimeException e) {
            return new Outcome.GaveUp<>(e, attempts.get());
        }
    }

    static boolean isRetryable(Throwable t) {
        return t instanceof PraetorException p
                && (p.code() == ErrorCode.TRANSIENT || p.code() == ErrorCode.DEPENDENCY_UNAVAILABLE);
    }
}
