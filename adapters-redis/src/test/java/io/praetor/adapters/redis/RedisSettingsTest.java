package io.praetor.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
    @Test
    void address_readsCredentialsPortAndDatabaseFromTheUrl() {
        var address = new RedisSettings("rediss://app:s3cret@redis.internal:6380/2", "praetor").address();

        assertThat(address).isEqualTo(new RedisSettings.Address("rediss://redis.internal:6380", "app", "s3cret", 2));
    }

    @Test
    void address_defaultsToPort6379DatabaseZeroAndNoCredentials() {
        assertThat(new RedisSettings("redis://127.0.0.1").address())
                .isEqualTo(new RedisSettings.Address("redis://127.0.0.1:6379", null, null, 0));
        assertThat(new RedisSettings("redis://:pw@127.0.0.1").address().password()).isEqualTo("pw");
    }

    @Test
    void anotherScheme_isAValidationErrorThatDoesNotEchoTheUrl() {
        assertThatThrownBy(() -> new RedisSettings("http://user:s3cret@host:6379", "praetor"))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
                .hasMessageContaining("PRAETOR_REDIS_URL")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aHostNameThatIsNoUriHost_isAValidationErrorSayingSo() {
        assertThatThrownBy(() -> new RedisSettings("redis://redis_1:6379"))
                .isInstanceOf(PraetorException.class)
                .hasMessageContaining("may not contain '_'");
    }

    @Test
    void aBlankPrefix_isAValidationError() {
        assertThatThrownBy(() -> new RedisSettings("redis://127.0.0.1", " "))
                .isInstanceOfSatisfying(PraetorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION))
                .hasMessageContaining("PRAETOR_REDIS_PREFIX");
    }

    @Test
    void toString_hidesThePassword() {
        var settings = new RedisSettings("redis://app:s3cret@127.0.0.1:6379", "praetor");

        assertThat(settings.toString()).doesNotContain("s3cret").contains("redis://127.0.0.1:6379");
        assertThat(settings.address().toString()).doesNotContain("s3cret");
    }
}
