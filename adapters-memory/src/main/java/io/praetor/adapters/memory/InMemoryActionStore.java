package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionStore;
import io.praetor.ports.action.TransitionOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Actions in one {@link IdIndex} per tenant, with the highest fencing token each action's updates
 * carried. Conditional updates check the token first (a stale lease holder is told so even when
 * its revision happens to match), then the revision. Listing is newest first by creation time.
 */
final class InMemoryActionStore implements ActionStore {
    private static final Comparator<Action> NEWEST_FIRST =
            Comparator.comparing(Action::createdAt).thenComparing(Action::id).reversed();

    private final InMemoryTransactions transactions;
    private final TenantMaps<Shelf> tenants = new TenantMaps<>(Shelf::new);

    private static final class Shelf {
        final IdIndex<Action> actions = new IdIndex<>();
        final Map<String, Long> highestToken = new ConcurrentHashMap<>();
    }

    InMemoryActionStore(InMemoryTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void create(TenantId tenant, Action action) {
        Shelf shelf = tenants.of(tenant);
        synchronized (shelf) {
            if (shelf.actions.get(action.id()) != null) {
                throw new PraetorException(ErrorCode.CONFLICT, "action exists: " + action.id());
            }
            shelf.actions.put(action.id(), action);
        }
        transactions.recordUndo(() -> {
            synchronized (shelf) {
                shelf.actions.remove(action.id());
                shelf.highestToken.remove(action.id());
            }
        });
    }

    @Override
    public Optional<Action> get(TenantId tenant, String id) {
        return Optional.ofNullable(tenants.of(tenant).actions.get(id));
    }

    @Override
    public Page<Action> query(TenantId tenant, ActionQuery query, PageRequest page) {
        List<Action> matches = new ArrayList<>();
        for (Action a : tenants.of(tenant).actions.sorted()) {
            if (query.matches(a)) matches.add(a);
        }
        matches.sort(NEWEST_FIRST);
        return PageCursors.byOffset(matches, page);
    }

    @Override
    public long count(TenantId tenant, ActionQuery query) {
        long n = 0;
        for (Action a : tenants.of(tenant).actions.sorted()) {
            if (query.matches(a)) n++;
        }
        return n;
    }

    @Override
    public TransitionOutcome update(TenantId tenant, Action updated, long expectedRevision, long fencingToken) {
        Shelf shelf = tenants.of(tenant);
        Action previous;
        Long previousToken;
        synchronized (shelf) {
            previous = shelf.actions.get(updated.id());
            if (previous == null) return new TransitionOutcome.Missing();
            previousToken = shelf.highestToken.get(updated.id());
            long highest = previousToken == null ? 0 : previousToken;
            if (fencingToken < highest) return new TransitionOutcome.FencedOut(highest);
            if (previous.revision() != expectedRevision) return new TransitionOutcome.RevisionConflict(previous);
            shelf.actions.put(updated.id(), updated);
            if (fencingToken > highest) shelf.highestToken.put(updated.id(), fencingToken);
        }
        transactions.recordUndo(() -> {
            synchronized (shelf) {
                shelf.actions.put(updated.id(), previous);
                if (previousToken == null) shelf.highestToken.remove(updated.id());
                else shelf.highestToken.put(updated.id(), previousToken);
            }
        });
        return new TransitionOutcome.Applied(updated);
    }
}
