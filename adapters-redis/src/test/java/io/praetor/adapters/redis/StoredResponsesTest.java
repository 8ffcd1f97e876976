package io.praetor.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.StoredResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredResponsesTest {
    @Test
    void decode_ofEncode_givesBackTheResponse_withHeadersAndNonAsciiText() {
        var response = new StoredResponse(409, "application/problem+json; charset=utf-8",
                Map.of("Location", "/api/v1/actions/ä-1", "Retry-After", "2"),
                "{\"title\":\"Konflikt – läuft\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(StoredResponses.decode(StoredResponses.encode(response))).isEqualTo(response);
    }

    @Test
    void decode_ofEncode_keepsAnEmptyBodyAndNoHeaders() {
        var response = new StoredResponse(204, "text/plain", Map.of(), new byte[0]);

        assertThat(StoredResponses.decode(StoredResponses.encode(response))).isEqualTo(response);
    }
}
