package io.praetor.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookEndpointsTest {

    @Test
    void parse_readsNamedUrls_inOrder_trimmingSpaces() {
        assertThat(WebhookEndpoints.parse(" tickets=https://jira.example.com/hook , chat=http://localhost:8080/x?token=1,"))
                .containsExactly(
                        java.util.Map.entry("tickets", URI.create("https://jira.example.com/hook")),
                        java.util.Map.entry("chat", URI.create("http://localhost:8080/x?token=1")));
    }

    @Test
    void parse_ofNothing_configuresNoEndpoint() {
        assertThat(WebhookEndpoints.parse("")).isEmpty();
        assertThat(WebhookEndpoints.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tickets", "Tickets=https://x", "t=ftp://x/y", "t=/relative", "t=https://a,t=https://b", "=https://x", "t=http://"})
    void parse_rejectsBrokenEntries(String value) {
        assertThatThrownBy(() -> WebhookEndpoints.parse(value)).isInstanceOfSatisfying(PraetorException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @Test
    void parse_neverEchoesAUrlThatMayHoldASecret() {
        assertThatThrownBy(() -> WebhookEndpoints.parse("t=ftp://secret-token@x"))
                .hasMessageNotContaining("secret-token").hasMessageContaining("entry t");
    }
}
