package io.praetor.domain.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    /** What the general parser makes of the text, or null when it refuses it. */
    private static Instant general(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsTheCommonShapes() {
        assertThat(Rfc3339.parseCommon("2026-11-26T10:15:30Z")).isEqualTo(Instant.parse("2026-11-26T10:15:30Z"));
        assertThat(Rfc3339.parseCommon("2026-11-26T10:15:30.5Z")).isEqualTo(Instant.parse("2026-11-26T10:15:30.500Z"));
        assertThat(Rfc3339.parseCommon("2026-11-26T10:15:30.123456789-05:30"))
                .isEqualTo(Instant.parse("2026-11-26T15:45:30.123456789Z"));
        assertThat(Rfc3339.parseCommon("2024-02-29T23:59:59+00:00")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        for (String s : List.of("2023-02-29T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z",
                "2026-11-26T10:15:60Z", "0000-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-26T10:15:30+18:00",
                "2026-11-26T10:15:30.Z", "2026-11-26T10:15:30.1234567890Z", "2026-11-26t10:15:30z",
                "2026-11-26T10:15:30", "2026-11-26T10:15:30+0100", "2026-11-26 10:15:30Z", "2026-11-26T10:15:30ZZ",
                "２026-11-26T10:15:30Z", "2026-11-26T10:15Z", "+2026-11-26T10:15:30Z", "")) {
            assertThat(Rfc3339.parseCommon(s)).as(s).isNull();
        }
    }

    @Test
    void agreesWithOffsetDateTimeParse_overRandomTexts() {
        // each text is a valid common shape with random fields, then sometimes has one char changed
        Random random = new Random(7);
        int read = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000),
                    random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            if (random.nextBoolean()) b.append('.').append(Long.toString(Math.abs(random.nextLong())), 0, 1 + random.nextInt(10));
            switch (random.nextInt(3)) {
                case 0 -> b.append('Z');
                case 1 -> b.append(String.format("%c%02d:%02d", random.nextBoolean() ? '+' : '-', random.nextInt(20), random.nextInt(62)));
                default -> { }
            }
            if (random.nextInt(4) == 0) b.setCharAt(random.nextInt(b.length()), "0123456789-:T.Z+x".charAt(random.nextInt(17)));
            String s = b.toString();
            Instant fast = Rfc3339.parseCommon(s);
            if (fast != null) {
                read++;
                assertThat(fast).as(s).isEqualTo(general(s));
            }
        }
        assertThat(read).as("texts read by hand").isGreaterThan(10_000);
    }
}
