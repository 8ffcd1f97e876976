package io.praetor.adapters.memory;

import io.praetor.ports.TenantId;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.TenantEventStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Each tenant's log in a list whose index is seq - 1, plus the seqs not yet published. */
final class InMemoryTenantEventStore implements TenantEventStore {
    private final InMemoryTransactions transactions;
    private final TenantMaps<Log> tenants = new TenantMaps<>(Log::new);

    private static final class Log {
        final List<TenantEvent> events = new ArrayList<>();
        final TreeSet<Long> unpublished = new TreeSet<>();
    }

    InMemoryTenantEventStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public List<TenantEvent> append(TenantId tenant, List<TenantEvent> drafts) {
        Log log = tenants.of(tenant);
        List<TenantEvent> appended = new ArrayList<>(drafts.size());
        int sizeBefore;
        synchronized (log) {
            sizeBefore = log.events.size();
            for (TenantEvent draft : drafts) {
                long seq = log.events.size() + 1L;
                TenantEvent e = new TenantEvent(tenant, seq, draft.type(), draft.at(), draft.data());
                log.events.add(e);
                log.unpublished.add(seq);
                appended.add(e);
            }
        }
        transactions.recordUndo(() -> {
            synchronized (log) {
                while (log.events.size() > sizeBefore) {
                    log.unpublished.remove((long) log.events.size());
                    log.events.remove(log.events.size() - 1);
                }
            }
        });
        return appended;
    }

    @Override
    public List<TenantEvent> read(TenantId tenant, long afterSeq, int limit) {
        Log log = tenants.of(tenant);
        if (limit <= 0) return List.of();
        synchronized (log) {
            int from = (int) Math.max(0, Math.min(afterSeq, log.events.size()));
            int to = (int) Math.min(log.events.size(), (long) from + limit);
            return List.copyOf(log.events.subList(from, to));
        }
    }

    @Override
    public long lastSeq(TenantId tenant) {
        Log log = tenants.of(tenant);
        synchronized (log) {
            return log.events.size();
        }
    }

    @Override
    public List<TenantEvent> unpublished(int limit) {
        if (limit <= 0) return List.of();
        List<TenantEvent> candidates = new ArrayList<>();
        for (Log log : tenants.all().values()) {
            synchronized (log) {
                int taken = 0;
                for (long seq : log.unpublished) {
                    if (taken++ == limit) break;
                    candidates.add(log.events.get((int) seq - 1));
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
                if (log.unpublished.remove(seq)) marked.add(seq);
            }
        }
        transactions.recordUndo(() -> {
            synchronized (log) {
                log.unpublished.addAll(marked);
            }
        });
    }
}
