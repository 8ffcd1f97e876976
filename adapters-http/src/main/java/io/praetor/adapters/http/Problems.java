package io.praetor.adapters.http;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem details: {@code {type, title, status, detail, instance, errors?}}. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "https://praetor.dev/problems/";

    private Problems() {}

    static int status(ErrorCode code) {
        return switch (code) {
            case VALIDATION, IDEMPOTENCY_MISMATCH -> 422;
            case MALFORMED -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case PAYLOAD_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case INVALID_TRANSITION, PLAN_STALE, CONFLICT, IDEMPOTENCY_IN_FLIGHT -> 409;
            case DEPENDENCY_UNAVAILABLE, TRANSIENT -> 503;
            case OUTCOME_UNKNOWN, INTERNAL -> 500;
        };
    }

    static String title(String slug) {
        return switch (slug) {
            case "validation" -> "Invalid input";
            case "malformed" -> "Malformed request";
            case "unauthorized" -> "Unauthorized";
            case "forbidden" -> "Forbidden";
            case "not-found" -> "Not found";
            case "method-not-allowed" -> "Method not allowed";
            case "unsupported-media-type" -> "Unsupported media type";
            case "payload-too-large" -> "Payload too large";
            case "rate-limited" -> "Too many requests";
            case "invalid-transition" -> "Invalid transition";
            case "plan-stale" -> "Plan is stale";
            case "conflict" -> "Conflict";
            case "idempotency-in-flight" -> "Request with this Idempotency-Key in flight";
            case "idempotency-mismatch" -> "Idempotency-Key reused with a different request";
            case "dependency-unavailable" -> "Dependency unavailable";
            case "transient" -> "Temporary failure";
            case "outcome-unknown" -> "Outcome unknown";
            default -> "Internal error";
        };
    }

    static Map<String, Object> body(String slug, int status, String detail, String instance, List<InputIssue> issues) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", TYPE_PREFIX + slug);
        p.put("title", title(slug));
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", instance);
        if (!issues.isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (InputIssue i : issues) {
                Map<String, Object> e = new LinkedHashMap<>();
                if (!i.pointer().isEmpty()) e.put("pointer", i.pointer());
                if (!i.field().isEmpty() || i.pointer().isEmpty()) e.put("field", i.field());
                if (i.line() > 0) {
                    e.put("line", i.line());
                    e.put("column", i.column());
                }
                if (i.record() > 0) e.put("record", i.record());
                e.put("message", i.message());
                errors.add(e);
            }
            p.put("errors", errors);
        }
        return p;
    }

    static Reply reply(String slug, int status, String detail, String instance, List<InputIssue> issues) {
        return Reply.json(status, MEDIA_TYPE, body(slug, status, detail, instance, issues));
    }
}
