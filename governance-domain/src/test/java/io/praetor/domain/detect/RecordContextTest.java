package io.praetor.domain.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordContextTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-20T08:15:02Z", "2026-11-20T08:15:02.3Z", "2026-11-20T08:15:02.311Z",
        "2026-09-18T11:47:21.390582Z", "2024-02-29T23:59:59.123456789Z", "1999-01-01T00:00:00.000Z",
        "0000-01-01T00:00:00Z", "2026-11-20T08:15:02+18:00", "2026-11-20T08:15:02.5-03:30"})
    void captureTimes_areWhatTheJdkParserMakesOfThem(String text) {
        RecordContext ctx = new RecordContext(1, 1, 1, io.praetor.ports.usecase.SnapshotImport.of("aws-config"),
                Instant.EPOCH);
        assertThat(ctx.timeOr(text, "t")).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Test
    void offsetsAndEpochSeconds_areAccepted() {
        RecordContext ctx = new RecordContext(1, 1, 1, io.praetor.ports.usecase.SnapshotImport.of("aws-config"),
                Instant.EPOCH);
        assertThat(ctx.timeOr("2026-11-22T06:41:09.512000+01:00", "t")).isEqualTo(Instant.parse("2026-11-22T05:41:09.512Z"));
        assertThat(ctx.timeOr(1763793901L, "t")).isEqualTo(Instant.ofEpochSecond(1763793901L));
        assertThat(ctx.timeOr(null, "t")).isEqualTo(Instant.EPOCH);
    }
}
