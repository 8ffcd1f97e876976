package io.praetor.ports.action;

import java.util.Map;

/**
 * A remediation handler (the SPI behind a policy's {@code remediation.handler}).
 *
 * <p>Steps are called in order: {@link #preflight}, {@link #plan}, then after approval
 * {@link #apply}, {@link #verify}, and {@link #rollback} when verify fails or after completion on
 * request. Implementations must be thread-safe and stateless between calls. Errors are
 * {@link io.praetor.ports.PraetorException}s: {@code TRANSIENT} or {@code DEPENDENCY_UNAVAILABLE}
 * are retried with backoff, {@code OUTCOME_UNKNOWN} means the change may have happened, anything
 * else fails the step. {@link #apply} must be idempotent for one {@code actionId}.
 */
public interface ActionHandler {
    /** The name policies use, e.g. {@code http.webhook}. */
    String name();

    /** Whether plans of this handler need an active elevation to approve and run. */
    boolean destructive();

    Preflight preflight(HandlerContext context);

    PlannedChange plan(HandlerContext context);

    /** Performs the change; returns a handler response to keep as evidence. */
    Map<String, Object> apply(HandlerContext context, PlannedChange plan);

    Verification verify(HandlerContext context, PlannedChange plan);

    /** Restores {@code plan.currentState()}; returns a response to keep as evidence. */
    Map<String, Object> rollback(HandlerContext context, PlannedChange plan);
}
