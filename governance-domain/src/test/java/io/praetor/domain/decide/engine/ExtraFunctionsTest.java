package io.praetor.domain.decide.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExtraFunctionsTest {
    @Test
    void ageDays_countsWholeDaysAndIsNegativeInTheFuture() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(ExtraFunctions.ageDays(Instant.parse("2026-03-01T00:00:00Z"), now)).isZero();
        assertThat(ExtraFunctions.ageDays(Instant.parse("2026-02-28T12:00:00Z"), now)).isEqualTo(1);
        assertThat(ExtraFunctions.ageDays(Instant.parse("2026-02-28T12:00:01Z"), now)).isZero();
        assertThat(ExtraFunctions.ageDays(Instant.parse("2025-03-01T12:00:00Z"), now)).isEqualTo(365);
        assertThat(ExtraFunctions.ageDays(Instant.parse("2026-03-03T12:00:00Z"), now)).isEqualTo(-2);
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "192.168.1.0/24, 192.168.1.0/25, true",
            "192.168.1.0/25, 192.168.1.0/24, false",
            "10.1.2.3, 10.1.2.3, true",
            "10.1.2.3/32, 10.1.2.4, false",
            "2001:db8::/32, 2001:db8:1::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::/0, ::1, true",
            "10.0.0.0/8, ::1, false",
            "10.0.0.0/33, 10.0.0.1, false",
            "sg-12345, 10.0.0.1, false",
            "10.0.0.0/8, not-an-ip, false",
            "256.0.0.0/8, 10.0.0.1, false",
            "example.com, 10.0.0.1, false",
            "10.0.0.0/, 10.0.0.1, false",
            "10.0.0, 10.0.0.1, false",
            "10.0.0.0.1/8, 10.0.0.1, false",
            "10.0.0.0/8, 10.0.0.1/8, true",
            "10.0.0.0/8, 10.0.0.1/7, false",
            "0.0.0.0/0, 255.255.255.255, true",
    })
    void cidrContains_handlesV4V6AndJunk(String cidr, String ip, boolean expected) {
        assertThat(ExtraFunctions.cidrContains(cidr, ip)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0/0, true",
            "8.8.8.8/32, true",
            "8.8.8.8, true",
            "10.0.0.0/8, false",
            "10.0.0.0/7, true",
            "172.16.5.0/24, false",
            "172.32.0.0/16, true",
            "192.168.0.0/16, false",
            "127.0.0.1, false",
            "169.254.169.254/32, false",
            "100.64.0.0/10, false",
            "::/0, true",
            "::1/128, false",
            "fd00::/8, false",
            "fe80::1, false",
            "2600:1f18::/32, true",
            "sg-0123, false",
            "'', false",
    })
    void isPublicCidr_isTrueWhenTheRangeReachesBeyondPrivateBlocks(String cidr, boolean expected) {
        assertThat(ExtraFunctions.isPublicCidr(cidr)).isEqualTo(expected);
    }

    @Test
    void portInRange_acceptsEveryNotationOfThePolicyFormat() {
        assertThat(ExtraFunctions.portInRange(22L, 22)).isTrue();
        assertThat(ExtraFunctions.portInRange(22L, 23)).isFalse();
        assertThat(ExtraFunctions.portInRange(-1L, 3389)).isTrue();
        assertThat(ExtraFunctions.portInRange(22.0, 22)).isTrue();
        assertThat(ExtraFunctions.portInRange("22", 22)).isTrue();
        assertThat(ExtraFunctions.portInRange(" 22 ", 22)).isTrue();
        assertThat(ExtraFunctions.portInRange("20-25", 20)).isTrue();
        assertThat(ExtraFunctions.portInRange("20-25", 25)).isTrue();
        assertThat(ExtraFunctions.portInRange("20-25", 26)).isFalse();
        assertThat(ExtraFunctions.portInRange("*", 1)).isTrue();
        assertThat(ExtraFunctions.portInRange("Any", 1)).isTrue();
        assertThat(ExtraFunctions.portInRange("any", 65535)).isTrue();
        assertThat(ExtraFunctions.portInRange("-1", 5)).isTrue();
        assertThat(ExtraFunctions.portInRange("ssh", 22)).isFalse();
        assertThat(ExtraFunctions.portInRange("25-20", 22)).isFalse();
        assertThat(ExtraFunctions.portInRange(true, 22)).isFalse();
        assertThat(ExtraFunctions.portInRange(dev.cel.common.values.NullValue.NULL_VALUE, 22)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "1.2.3, 1.2.4, true",
            "1.2.4, 1.2.3, false",
            "1.2.3, 1.2.3, false",
            "1.9.0, 1.10.0, true",
            "v1.2, 1.2.1, true",
            "1, 1.0.1, true",
            "1.0.0-alpha, 1.0.0, true",
            "1.0.0, 1.0.0-alpha, false",
            "1.0.0-alpha, 1.0.0-alpha.1, true",
            "1.0.0-alpha.1, 1.0.0-alpha.beta, true",
            "1.0.0-beta.2, 1.0.0-beta.11, true",
            "1.0.0-rc.1, 1.0.0-beta, false",
            "1.0.0+build.5, 1.0.0+build.1, false",
    })
    void semverLess_followsSemverPrecedence(String a, String b, boolean expected) {
        assertThat(ExtraFunctions.semverLess(a, b)).contains(expected);
    }

    @Test
    void semverLess_isEmptyForTextThatIsNotAVersion() {
        assertThat(ExtraFunctions.semverLess("latest", "1.0.0")).isEmpty();
        assertThat(ExtraFunctions.semverLess("1.0.0", "1..2")).isEmpty();
        assertThat(ExtraFunctions.semverLess("1.2.3.4", "1.0.0")).isEmpty();
        assertThat(ExtraFunctions.semverLess("1.0.0-", "1.0.0")).isEmpty();
    }
}
