package io.praetor.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The COPY path of large writes (ADR 0026): same rows as the INSERT path, all or nothing, tenant-bound. */
class PostgresBulkWriteTest {
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");
    private static final Instant AT = Instant.parse("2026-11-26T00:00:00Z");

    private PostgresTransactions tx;
    private PostgresResourceStore resources;
    private PostgresTenantEventStore events;

    @BeforeEach
    void setUp() {
        tx = TestDatabase.fresh().transactions();
        resources = new PostgresResourceStore(tx);
        events = new PostgresTenantEventStore(tx);
    }

    private static List<Resource> many(int n, String name) {
        List<Resource> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // quotes, commas, backslashes and newlines must survive the CSV of COPY
            out.add(Resource.of("arn:r-" + i, "aws.s3.bucket", name + " \"q\", \\ \n" + i, "us-east-1", "111111111111",
                    Map.of("team", "a,\"b\""), Map.of("n", (long) i, "text", "line1\nline2 \"x\" \\y"), "praetor", AT)
                    .withVersion(1).withContentHash("h" + i));
        }
        return out;
    }

    @Test
    void aLargePutAllStoresEveryResourceExactlyAndUpsertsOnASecondOne() {
        List<Resource> first = many(BulkRows.THRESHOLD + 200, "first");
        resources.putAll(A, first);
        assertThat(resources.count(A)).isEqualTo(first.size());
        assertThat(resources.get(A, "arn:r-7")).contains(first.get(7));

        List<Resource> second = many(BulkRows.THRESHOLD + 200, "second").stream().map(r -> r.withVersion(2)).toList();
        resources.putAll(A, second);
        assertThat(resources.count(A)).isEqualTo(second.size());
        assertThat(resources.get(A, "arn:r-7")).contains(second.get(7));
        assertThat(resources.count(B)).isZero();
    }

    @Test
    void theSameIdTwiceInOneLargeWriteKeepsTheLast() {
        List<Resource> rows = new ArrayList<>(many(BulkRows.THRESHOLD, "old"));
        Resource last = rows.get(3).withVersion(9);
        rows.add(last);
        resources.putAll(A, rows);
        assertThat(resources.count(A)).isEqualTo(BulkRows.THRESHOLD);
        assertThat(resources.get(A, "arn:r-3")).contains(last);
    }

    @Test
    void aLargeWriteInATransactionThatFailsLeavesNothing() {
        List<Resource> rows = many(BulkRows.THRESHOLD + 1, "gone");
        List<TenantEvent> drafts = new ArrayList<>();
        for (int i = 0; i < BulkRows.THRESHOLD + 1; i++) {
            drafts.add(TenantEvent.draft(A, "resource.changed", AT, Map.of("resource_id", "arn:r-" + i)));
        }
        assertThatThrownBy(() -> tx.inTransaction(() -> {
            resources.putAll(A, rows);
            events.append(A, drafts);
            assertThat(resources.count(A)).isEqualTo(rows.size()); // visible inside the transaction
            throw new IllegalStateException("the import fails after its writes");
        })).hasMessageContaining("fails after");
        assertThat(resources.count(A)).isZero();
        assertThat(events.lastSeq(A)).isZero();

        // the connection's staging table is usable again, and two large writes share a transaction
        tx.inTransaction(() -> {
            resources.putAll(A, rows);
            resources.putAll(A, many(BulkRows.THRESHOLD + 5, "again"));
            return null;
        });
        assertThat(resources.count(A)).isEqualTo(BulkRows.THRESHOLD + 5);
    }

    @Test
    void aLargeEventAppendIsContiguousAfterWhatWasThere() {
        events.append(A, List.of(TenantEvent.draft(A, "x", AT, Map.of())));
        List<TenantEvent> drafts = new ArrayList<>();
        for (int i = 0; i < BulkRows.THRESHOLD + 10; i++) {
            drafts.add(TenantEvent.draft(A, "resource.changed", AT, Map.of("i", (long) i, "s", "a,\"b\"\n")));
        }
        List<TenantEvent> appended = events.append(A, drafts);
        assertThat(appended.getFirst().seq()).isEqualTo(2);
        assertThat(events.lastSeq(A)).isEqualTo(BulkRows.THRESHOLD + 11);
        List<TenantEvent> read = events.read(A, 1, 5);
        assertThat(read).extracting(TenantEvent::seq).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(read.get(2).data()).isEqualTo(Map.of("i", 2L, "s", "a,\"b\"\n"));
        assertThat(events.lastSeq(B)).isZero();
    }
}
