package io.praetor.adapters.http;

import io.javalin.http.Context;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.SortOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request as an endpoint sees it: the verified principal, path and query parameters, the body read within its limit. */
final class Call {
    private final Context ctx;
    private final Optional<Principal> principal;
    private final byte[] body;

    Call(Context ctx, Optional<Principal> principal, byte[] body) {
        this.ctx = ctx;
        this.principal = principal;
        this.body = body;
    }

    Context ctx() {
        return ctx;
    }

    Principal principal() {
        return principal.orElseThrow(() -> new PraetorException(ErrorCode.UNAUTHORIZED, "a bearer token is required"));
    }

    String path(String name) {
        return ctx.pathParam(name);
    }

    Optional<String> query(String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    boolean flag(String name, boolean otherwise) {
        Optional<String> v = query(name);
        if (v.isEmpty()) return otherwise;
        return switch (v.get()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalidQuery(name, "must be true or false");
        };
    }

    long number(String name, long otherwise) {
        Optional<String> v = query(name);
        if (v.isEmpty()) return otherwise;
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw invalidQuery(name, "must be an integer");
        }
    }

    long requiredNumber(String name) {
        if (query(name).isEmpty()) throw invalidQuery(name, "is required");
        return number(name, 0);
    }

    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (k.startsWith("tag.") && k.length() > 4 && !v.isEmpty()) tags.put(k.substring(4), v.getFirst());
        });
        return tags;
    }

    Optional<SortOrder> sort() {
        return query("sort").map(SortOrder::parse);
    }

    PageRequest page() {
        long limit = number("limit", PageRequest.DEFAULT_LIMIT);
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw invalidQuery("limit", "must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        return new PageRequest((int) limit, query("cursor"));
    }

    byte[] body() {
        return body;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Map<String, Object> json() {
        return Json.readObject(body, true);
    }

    static PraetorException invalidQuery(String name, String problem) {
        return new PraetorException(ErrorCode.VALIDATION, "query parameter " + name + " " + problem,
                List.of(InputIssue.field(name, name + " " + problem)));
    }
}
