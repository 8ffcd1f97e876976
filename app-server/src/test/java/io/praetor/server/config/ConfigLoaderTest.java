package io.praetor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void load_withNothingSet_givesTheEmbeddedDefaults() {
        PraetorConfig c = ConfigLoader.load(Map.of(), Optional.empty());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.store()).isEqualTo(PraetorConfig.Store.MEMORY);
        assertThat(c.bus()).isEqualTo(PraetorConfig.Bus.MEMORY);
        assertThat(c.evidence()).isEqualTo(PraetorConfig.Evidence.FS);
        assertThat(c.devMode()).isTrue();
        assertThat(c.signingKeyFile()).isEqualTo(Path.of("./data").resolve("signing-key.jwk"));
        assertThat(c.bodyLimitBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.inventoryLimitBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.rateLimit()).contains(new PraetorConfig.RateSetting(200, Duration.ofSeconds(1)));
        assertThat(c.tenantClaim()).isEqualTo("tid");
        assertThat(c.ai()).isEmpty();
    }

    @Test
    void load_environmentWinsOverTheYamlFile(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("praetor.yaml");
        Files.writeString(yaml, "port: 9000\nbind: 0.0.0.0\npg:\n  url: jdbc:postgresql://db/x\nstore: postgres\nai.timeout.ms: 900\n");
        PraetorConfig c = ConfigLoader.load(Map.of("PRAETOR_PORT", "9100", "HOME", "/root"), Optional.of(yaml));
        assertThat(c.port()).isEqualTo(9100);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.store()).isEqualTo(PraetorConfig.Store.POSTGRES);
        assertThat(c.postgres()).get().extracting(PraetorConfig.Postgres::url).isEqualTo("jdbc:postgresql://db/x");
    }

    @Test
    void load_badValue_namesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PRAETOR_BUS", "rabbit"), Optional.empty()))
                .hasMessage("PRAETOR_BUS: 'rabbit' is not one of memory, nats, kafka");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PRAETOR_PORT", "70000"), Optional.empty()))
                .hasMessageStartingWith("PRAETOR_PORT: must be between 0 and 65535");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PRAETOR_BUS", "nats"), Optional.empty()))
                .hasMessage("PRAETOR_NATS_URL: is required when PRAETOR_BUS=nats");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PRAETOR_RATE_LIMIT", "fast"), Optional.empty()))
                .hasMessageStartingWith("PRAETOR_RATE_LIMIT:");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PRAETOR_STORE", "postgres"), Optional.empty()))
                .hasMessage("PRAETOR_PG_URL: is required when PRAETOR_STORE=postgres");
    }

    @Test
    void webhooks_parseNamedEndpointsAndRejectDuplicatesAndBareUrls() {
        assertThat(ConfigLoader.webhooks("ticketing=http://127.0.0.1:9999/hook, chat=https://chat.example/x"))
                .containsEntry("ticketing", URI.create("http://127.0.0.1:9999/hook"))
                .containsEntry("chat", URI.create("https://chat.example/x"));
        assertThatThrownBy(() -> ConfigLoader.webhooks("http://x/y")).hasMessageStartingWith("PRAETOR_WEBHOOKS:");
        assertThatThrownBy(() -> ConfigLoader.webhooks("a=http://x/1,a=http://x/2")).hasMessageContaining("named twice");
    }

    @Test
    void rateLimit_off_disablesIt() {
        assertThat(ConfigLoader.rate("off")).isEmpty();
        assertThat(ConfigLoader.rate("30/m")).contains(new PraetorConfig.RateSetting(30, Duration.ofMinutes(1)));
    }

    @Test
    void durations_acceptShortFormsAndIso() {
        assertThat(Durations.parse("x", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("x", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("x", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("x", "PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> Durations.parse("--ttl", "soon")).hasMessageStartingWith("--ttl:");
        assertThatThrownBy(() -> Durations.parse("--ttl", "0s")).hasMessageContaining("positive");
    }
}
