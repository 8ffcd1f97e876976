package io.praetor.domain.evidence;

import io.praetor.domain.json.Rfc3339;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerEntriesTest {

    @Test
    void canonicalBytes_equalTheCanonicalJsonOfTheEntryTree() {
        Random random = new Random(9);
        String[] actors = {"alice", "système", "\"quoted\"\\", "tab\there", "😀", "\u0001"};
        for (int i = 0; i < 500; i++) {
            LedgerEntry e = new LedgerEntry(Math.abs(random.nextLong()) >> random.nextInt(64),
                    Instant.ofEpochMilli(random.nextLong(253402300799999L)), TenantId.of("t-" + i),
                    actors[i % actors.length], "action.state", "sub/" + i, "0".repeat(64));

            assertThat(LedgerEntries.canonicalBytes(e)).isEqualTo(CanonicalJson.toBytes(LedgerEntries.toTree(e)));
        }
    }

    @Test
    void millis_isRfc3339WithExactlyThreeFractionDigits() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(4);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(253402300799L), random.nextInt(1_000_000_000));
            assertThat(Rfc3339.millis(t)).isEqualTo(reference.format(t));
        }
        assertThat(Rfc3339.millis(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(Rfc3339.millis(Instant.parse("2026-11-25T10:00:00.123999Z"))).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(Rfc3339.millis(Instant.parse("1969-12-31T23:59:59.999Z"))).isEqualTo("1969-12-31T23:59:59.999Z");
    }

    @Test
    void objectWriter_rejectsMembersOutOfOrder() {
        assertThatThrownBy(() -> CanonicalJson.object().string("b", "x").string("a", "y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(CanonicalJson.object().string("a", "x").number("b", 2).toBytes()))
                .isEqualTo("{\"a\":\"x\",\"b\":2}");
    }
}
