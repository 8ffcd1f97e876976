package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Each tenant's log, indexed by seq - 1, plus the seqs not yet published as bits (a first scan appends
 * and publishes half a million events; a tree of boxed seqs cost a node each way). The log keeps the
 * drafts as they came and gives each its seq as it is read: an event made anew per append was one
 * more object per finding that the scan kept and every young collection copied. A large append's list
 * is kept whole, as the port allows, so drafts a caller makes only when read stay unmade (ADR 0044).
 */
final class InMemoryTenantEventStore implements TenantEventStore {
    /** From this many drafts an append's list is kept as given; smaller ones are copied into the log. */
    static final int KEPT_WHOLE = 1024;

    private final InMemoryTransactions transactions;
    private final TenantMaps<Log> tenants = new TenantMaps<>(Log::new);

    /** A segment of the log that is the log's own list, which small appends add to. */
    private static final class OwnSegment extends ArrayList<TenantEvent> {}

    private static final class Log {
        /**
         * The drafts as appended, in segments: the event of seq n is the draft at index n - 1 given that
         * seq (see {@link #event}). No segment is empty.
         */
        final List<List<TenantEvent>> segments = new ArrayList<>();
        /** The index of each segment's first draft, ascending. */
        int[] starts = new int[8];
        /** The last segment while small appends go into it; null once a kept one follows it. */
        OwnSegment open;
        int size;
        /**
         * Bit seq - 1 is set while that event is unpublished. Plain words rather than a
         * {@link java.util.BitSet}, whose clear of its highest bit rescans every word below it when all
         * are zero (each change's publication cleared the newest bit: a scan of the whole log).
         */
        long[] unpublished = new long[64];
        /** No bit below this one is set: where the search for the oldest unpublished starts. */
        int lowest;

        TenantEvent event(TenantId tenant, int index) {
            int segment = segmentOf(index);
            return withSeq(tenant, index + 1L, segments.get(segment).get(index - starts[segment]));
        }

        private int segmentOf(int index) {
            int last = segments.size() - 1;
            if (index >= starts[last]) return last;
            int at = Arrays.binarySearch(starts, 0, last + 1, index);
            return at >= 0 ? at : -at - 2;
        }

        /** Adds {@code drafts} (immutable; kept as a segment when large, copied otherwise) at the end. */
        void add(List<TenantEvent> drafts) {
            if (drafts.isEmpty()) return;
            if (drafts.size() >= KEPT_WHOLE) {
                addSegment(drafts);
                open = null;
            } else {
                if (open == null) {
                    open = new OwnSegment();
                    addSegment(open);
                }
                open.addAll(drafts);
            }
            for (int i = 1; i <= drafts.size(); i++) markUnpublished(size + i);
            size += drafts.size();
        }

        private void addSegment(List<TenantEvent> segment) {
            if (segments.size() == starts.length) starts = Arrays.copyOf(starts, starts.length * 2);
            starts[segments.size()] = size;
            segments.add(segment);
        }

        /** Drops the drafts from index {@code newSize} on (a rolled-back append's), and their unpublished bits. */
        void truncate(int newSize) {
            for (long seq = size; seq > newSize; seq--) clearUnpublished(seq);
            int last = segments.size() - 1;
            while (last >= 0 && starts[last] >= newSize) segments.remove(last--);
            open = null;
            // an append ends at a segment's end unless it was small: then the segment is the log's own
            if (last >= 0 && segments.get(last) instanceof OwnSegment own) {
                own.subList(newSize - starts[last], own.size()).clear();
                open = own;
            }
            size = newSize;
        }

        void markUnpublished(long seq) {
            int bit = (int) seq - 1;
            if ((bit >>> 6) >= unpublished.length) {
                unpublished = Arrays.copyOf(unpublished, Math.max(unpublished.length * 2, (bit >>> 6) + 1));
            }
            unpublished[bit >>> 6] |= 1L << bit;
            lowest = Math.min(lowest, bit);
        }

        /** Clears the bit of {@code seq}; whether it was set. */
        boolean clearUnpublished(long seq) {
            if (seq < 1 || seq > size) return false;
            int bit = (int) seq - 1;
            long mask = 1L << bit;
            boolean was = (unpublished[bit >>> 6] & mask) != 0;
            unpublished[bit >>> 6] &= ~mask;
            return was;
        }

        /** The first set bit at or after {@code from}, or -1. */
        int nextUnpublished(int from) {
            int word = from >>> 6;
            if (word >= unpublished.length) return -1;
            long bits = unpublished[word] & (-1L << from);
            while (true) {
                if (bits != 0) return word * 64 + Long.numberOfTrailingZeros(bits);
                if (++word == unpublished.length) return -1;
                bits = unpublished[word];
            }
        }

        /** The first bit set, moving {@code lowest} up to it; -1 when none. */
        int firstUnpublished() {
            int bit = nextUnpublished(lowest);
            lowest = bit < 0 ? size : bit;
            return bit;
        }
    }

    InMemoryTenantEventStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    private static TenantEvent withSeq(TenantId tenant, long seq, TenantEvent draft) {
        return new TenantEvent(tenant, seq, draft.type(), draft.at(), draft.data());
    }

    @Override
    public List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts) {
        Log log = tenants.of(tenant);
        // the port lets a store keep the caller's list: a large one is not copied (nor its drafts made)
        List<TenantEvent> kept = drafts.size() >= KEPT_WHOLE ? drafts : List.copyOf(drafts);
        int sizeBefore;
        synchronized (log) {
            sizeBefore = log.size;
            log.add(kept);
        }
        // the appended events, each made when read: the outbox publishes half a million in chunks
        int first = sizeBefore;
        List<TenantEvent> appended = new AbstractList<>() {
            @Override
            public TenantEvent get(int index) {
                return withSeq(tenant, first + index + 1L, kept.get(index));
            }

            @Override
            public int size() {
                return kept.size();
            }
        };
        transactions.recordUndo(() -> {
            synchronized (log) {
                log.truncate(sizeBefore);
            }
        });
        return appended;
    }

    @Override
    public List<TenantEvent> read(TenantId tenant, long afterSeq, int limit) {
        Log log = tenants.of(tenant);
        if (limit <= 0) return List.of();
        synchronized (log) {
            int from = (int) Math.max(0, Math.min(afterSeq, log.size));
            int to = (int) Math.min(log.size, (long) from + limit);
            List<TenantEvent> out = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) out.add(log.event(tenant, i));
            return Collections.unmodifiableList(out);
        }
    }

    @Override
    public long lastSeq(TenantId tenant) {
        Log log = tenants.of(tenant);
        synchronized (log) {
            return log.size;
        }
    }

    @Override
    public List<TenantEvent> unpublished(int limit) {
        if (limit <= 0) return List.of();
        List<TenantEvent> candidates = new ArrayList<>();
        for (var tenantLog : tenants.all().entrySet()) {
            Log log = tenantLog.getValue();
            synchronized (log) {
                int taken = 0;
                for (int bit = log.firstUnpublished(); bit >= 0 && taken++ < limit; bit = log.nextUnpublished(bit + 1)) {
                    candidates.add(log.event(tenantLog.getKey(), bit));
                }
            }
        }
        candidates.sort(Comparator.comparing(TenantEvent::at).thenComparing(TenantEvent::tenant)
                .thenComparingLong(TenantEvent::seq));
        return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
    }

    @Override
    public void markPublished(TenantId tenant, List<Long> seqs) {
        Log log = tenants.of(tenant);
        List<Long> marked = new ArrayList<>();
        synchronized (log) {
            for (Long seq : seqs) {
                if (log.clearUnpublished(seq)) marked.add(seq);
            }
        }
        transactions.recordUndo(() -> {
            synchronized (log) {
                for (Long seq : marked) log.markUnpublished(seq);
            }
        });
    }
}
