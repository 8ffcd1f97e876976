package io.praetor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * ADR 0037: what one wake-up of a tenant's feed reads reaches each client as one batch of
 * consecutive seqs, its bytes joined once for every client; the queue bound still counts events.
 */
class TenantFeedTest {
    private static final TenantId TENANT = TenantId.of("feed");
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void oneWakeUp_reachesEveryClientAsOneBatch_sharedByAll() throws Exception {
        Log log = new Log();
        TenantFeed feed = feed(log, 1024, new AtomicInteger());
        TenantFeed.Client a = new TenantFeed.Client(1024);
        TenantFeed.Client b = new TenantFeed.Client(1024);
        assertThat(feed.join(a, 0)).isEqualTo(TenantFeed.JoinResult.JOINED);
        assertThat(feed.join(b, 0)).isEqualTo(TenantFeed.JoinResult.JOINED);
        feed.start();
        try {
            log.add(13); // a resource change and the findings it opened, read in one wake-up
            feed.wake();
            TenantFeed.Batch first = a.poll(TimeUnit.SECONDS.toNanos(5));
            assertThat(first).isNotNull();
            assertThat(first.frames()).extracting(TenantFeed.Frame::seq).containsExactly(LongStream.rangeClosed(1, 13).boxed().toArray(Long[]::new));
            assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo(frames(1, 13));
            assertThat(a.isEmpty()).isTrue();
            assertThat(b.poll(TimeUnit.SECONDS.toNanos(5))).isSameAs(first); // joined once, not per client
        } finally {
            feed.close();
        }
    }

    @Test
    void aClientIsDropped_whenItsQueueWouldHoldMoreEventsThanItsCapacity_notMoreBatches() throws Exception {
        Log log = new Log();
        AtomicInteger dropped = new AtomicInteger();
        TenantFeed feed = feed(log, 8, dropped);
        TenantFeed.Client stalled = new TenantFeed.Client(8);
        assertThat(feed.join(stalled, 0)).isEqualTo(TenantFeed.JoinResult.JOINED);
        feed.start();
        try {
            log.add(5);
            feed.wake();
            awaitFannedOut(log, feed, stalled, 5);
            assertThat(dropped).hasValue(0);
            log.add(5); // 10 events queued would exceed 8: dropped, though it holds only one batch
            feed.wake();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (dropped.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(dropped).hasValue(1);
            assertThat(stalled.dropped).isTrue();
            // what it holds is contiguous and then the stream ends: Last-Event-ID 5 resumes exactly
            assertThat(stalled.poll(0).last()).isEqualTo(5);
            assertThat(stalled.poll(0)).isSameAs(TenantFeed.END);
        } finally {
            feed.close();
        }
    }

    @Test
    void batches_areCutAtHolesInTheSeqs_andAtTheirSizeLimit() {
        List<TenantFeed.Frame> frames = new ArrayList<>();
        for (long seq : new long[] {1, 2, 3, 4, 5, 7, 8}) frames.add(frame(seq));
        List<TenantFeed.Batch> batches = TenantFeed.batches(frames, 3);
        assertThat(batches).extracting(b -> b.first() + "-" + b.last()).containsExactly("1-3", "4-5", "7-8");
        assertThat(new String(batches.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo(frames(4, 5));
        assertThat(TenantFeed.batches(List.of(), 3)).isEmpty();
    }

    @Test
    void aJoiningClient_getsTheRecentFramesItHasNotSeen_asBatches() throws Exception {
        Log log = new Log();
        TenantFeed feed = feed(log, 1024, new AtomicInteger());
        TenantFeed.Client first = new TenantFeed.Client(1024);
        assertThat(feed.join(first, 0)).isEqualTo(TenantFeed.JoinResult.JOINED);
        feed.start();
        try {
            log.add(6);
            feed.wake();
            awaitFannedOut(log, feed, first, 6);
            TenantFeed.Client late = new TenantFeed.Client(4);
            assertThat(feed.join(late, 2)).isEqualTo(TenantFeed.JoinResult.JOINED);
            assertThat(late.poll(0).frames()).extracting(TenantFeed.Frame::seq).containsExactly(3L, 4L, 5L, 6L);
            TenantFeed.Client tooSmall = new TenantFeed.Client(3);
            assertThat(feed.join(tooSmall, 2)).isEqualTo(TenantFeed.JoinResult.BEHIND);
            assertThat(tooSmall.isEmpty()).isTrue();
        } finally {
            feed.close();
        }
    }

    private static void awaitFannedOut(Log log, TenantFeed feed, TenantFeed.Client client, int events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!client.isEmpty()) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the feed did not fan out " + events + " events of " + log.events.size());
    }

    private static TenantFeed feed(TenantEventStore store, int buffer, AtomicInteger dropped) {
        TenantFeed.Listener listener = new TenantFeed.Listener() {
            @Override
            public void fannedOut(int frames, Duration oldestAge) {}

            @Override
            public void dropped() {
                dropped.incrementAndGet();
            }
        };
        return new TenantFeed(TENANT, store, e -> frame(e.seq()), 200, buffer, Duration.ofSeconds(1), listener,
                InstantSource.fixed(AT), 0);
    }

    private static TenantFeed.Frame frame(long seq) {
        return new TenantFeed.Frame(seq, AT, ("id: " + seq + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String frames(long from, long to) {
        StringBuilder s = new StringBuilder();
        for (long seq = from; seq <= to; seq++) s.append("id: ").append(seq).append("\n\n");
        return s.toString();
    }

    /** A tenant event log in a list: the feed only reads it. */
    private static final class Log implements TenantEventStore {
        final List<TenantEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        void add(int n) {
            List<TenantEvent> drafts = new ArrayList<>();
            for (int i = 0; i < n; i++) drafts.add(TenantEvent.draft(TENANT, "resource.changed", AT, Map.of()));
            append(TENANT, drafts);
        }

        @Override
        public synchronized List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts) {
            List<TenantEvent> appended = new ArrayList<>();
            for (TenantEvent d : drafts) {
                TenantEvent e = new TenantEvent(tenant, events.size() + appended.size() + 1, d.type(), d.at(), d.data());
                appended.add(e);
            }
            events.addAll(appended);
            return appended;
        }

        @Override
        public List<TenantEvent> read(TenantId tenant, long afterSeq, int limit) {
            return events.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
        }

        @Override
        public long lastSeq(TenantId tenant) {
            return events.size();
        }

        @Override
        public List<TenantEvent> unpublished(int limit) {
            return List.of();
        }

        @Override
        public void markPublished(TenantId tenant, List<Long> seqs) {}
    }
}
