package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each action's events in a list whose index is seq - 1; the unanchored ones also in a set of their own. */
final class InMemoryActionEventStore implements ActionEventStore {
    private record Key(TenantId tenant, String actionId, long seq) {}

    private final InMemoryTransactions transactions;
    private final TenantMaps<Map<String, List<ActionEvent>>> tenants = new TenantMaps<>(ConcurrentHashMap::new);
    private final Map<Key, Unanchored> unanchored = new ConcurrentHashMap<>();

    InMemoryActionEventStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void append(TenantId tenant, ActionEvent event) {
        List<ActionEvent> history = tenants.of(tenant).computeIfAbsent(event.actionId(), k -> new ArrayList<>());
        synchronized (history) {
            if (event.seq() != history.size() + 1L) {
                throw new PraetorException(ErrorCode.CONFLICT, "action " + event.actionId() + " expects event seq "
                        + (history.size() + 1) + ", got " + event.seq());
            }
            history.add(event);
        }
        Key key = new Key(tenant, event.actionId(), event.seq());
        if (!ActionEvent.PROGRESS.equals(event.type())) unanchored.put(key, new Unanchored(tenant, event));
        transactions.recordUndo(() -> {
            unanchored.remove(key);
            synchronized (history) {
                history.remove(history.size() - 1);
            }
        });
    }

    @Override
    public List<Unanchored> unanchored(Instant before, int limit) {
        if (limit <= 0) return List.of();
        return unanchored.values().stream().filter(u -> u.event().at().isBefore(before))
                .sorted(Comparator.comparing((Unanchored u) -> u.event().at()).thenComparing(u -> u.tenant().value())
                        .thenComparing(u -> u.event().actionId()).thenComparingLong(u -> u.event().seq()))
                .limit(limit).toList();
    }

    @Override
    public void markAnchored(TenantId tenant, String actionId, long seq) {
        unanchored.remove(new Key(tenant, actionId, seq));
    }

    @Override
    public List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit) {
        List<ActionEvent> history = tenants.of(tenant).get(actionId);
        if (history == null || limit <= 0) return List.of();
        synchronized (history) {
            int from = (int) Math.max(0, Math.min(afterSeq, history.size()));
            int to = (int) Math.min(history.size(), (long) from + limit);
            return List.copyOf(history.subList(from, to));
        }
    }
}
