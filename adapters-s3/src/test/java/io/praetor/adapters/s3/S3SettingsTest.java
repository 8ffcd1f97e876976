package io.praetor.adapters.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    @Test
    void aws_usesTheDefaultChainAndVirtualHostedAddressing() {
        S3Settings settings = S3Settings.aws("praetor-evidence", "eu-west-1");

        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.pathStyle()).isFalse();
        assertThat(settings.credentials()).isEqualTo(new S3Credentials.DefaultChain());
    }

    @Test
    void aBlankBucketOrRegion_isRejected() {
        assertThatThrownBy(() -> S3Settings.aws(" ", "eu-west-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Settings(Optional.empty(), "b", "", true, new S3Credentials.DefaultChain()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticCredentials_neverPrintTheSecret() {
        assertThat(new S3Credentials.Static("AKIDEXAMPLE", "wJalrXUtnFEMI").toString())
                .contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
    }
}
