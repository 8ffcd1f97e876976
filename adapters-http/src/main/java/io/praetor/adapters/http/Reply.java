package io.praetor.adapters.http;

import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: bytes (replayable under an idempotency key) or a body written as a stream. */
sealed interface Reply {
    int status();

    String contentType();

    Map<String, String> headers();

    record Bytes(int status, String contentType, Map<String, String> headers, byte[] body) implements Reply {}

    record Streamed(int status, String contentType, Map<String, String> headers, BodyWriter writer) implements Reply {}

    @FunctionalInterface
    interface BodyWriter {
        void writeTo(OutputStream out) throws java.io.IOException;
    }

    static Reply json(int status, Object tree) {
        return json(status, "application/json", tree);
    }

    static Reply json(int status, String contentType, Object tree) {
        return new Bytes(status, contentType, Map.of(), Json.write(tree));
    }

    static Reply ok(Object tree) {
        return json(200, tree);
    }

    static Reply noContent() {
        return new Bytes(204, "application/json", Map.of(), new byte[0]);
    }

    static Reply withHeader(Reply r, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(r.headers());
        h.put(name, value);
        return switch (r) {
            case Bytes b -> new Bytes(b.status(), b.contentType(), h, b.body());
            case Streamed s -> new Streamed(s.status(), s.contentType(), h, s.writer());
        };
    }
}
