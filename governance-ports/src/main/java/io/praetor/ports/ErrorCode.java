package io.praetor.ports;

/**
 * Every failure mode a caller may want to tell apart. The HTTP adapter maps each to a problem type;
 * adapters translate their technology's exceptions into one of these and never leak them.
 */
public enum ErrorCode {
    /** Well-formed input that breaks a rule (422). */
    VALIDATION("validation"),
    /** Input that cannot be parsed (400). */
    MALFORMED("malformed"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    /** Absent, or belonging to another tenant: existence never leaks (404). */
    NOT_FOUND("not-found"),
    /** A size or depth limit was exceeded (413). */
    PAYLOAD_TOO_LARGE("payload-too-large"),
    RATE_LIMITED("rate-limited"),
    /** A command the current state does not allow (409). */
    INVALID_TRANSITION("invalid-transition"),
    /** The resource changed since the plan was made (409). */
    PLAN_STALE("plan-stale"),
    /** A concurrent writer won: an optimistic version or fencing token check failed. */
    CONFLICT("conflict"),
    IDEMPOTENCY_IN_FLIGHT("idempotency-in-flight"),
    IDEMPOTENCY_MISMATCH("idempotency-mismatch"),
    /** A dependency is down or timed out; the operation did not happen. */
    DEPENDENCY_UNAVAILABLE("dependency-unavailable"),
    /** A failure that may succeed if retried. */
    TRANSIENT("transient"),
    /** The operation may or may not have taken effect: the caller must not assume either. */
    OUTCOME_UNKNOWN("outcome-unknown"),
    INTERNAL("internal");

    private final String slug;

    ErrorCode(String slug) {
        this.slug = slug;
    }

    /** The slug of the problem type, {@code https://praetor.dev/problems/<slug>}. */
    public String slug() {
        return slug;
    }
}
