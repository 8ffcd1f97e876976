package io.praetor.ports.coordination;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** A response kept for replay under an idempotency key. */
public record StoredResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public StoredResponse {
        Objects.requireNonNull(contentType);
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredResponse r && status == r.status && contentType.equals(r.contentType)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType, headers, Arrays.hashCode(body));
    }
}
