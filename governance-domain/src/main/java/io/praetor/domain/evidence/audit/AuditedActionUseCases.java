package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.ActionUseCases;
import java.util.List;
import java.util.Objects;

/**
 * Records {@code action.create}, {@code .approve}, {@code .run}, {@code .cancel}, {@code .rollback}
 * and {@code .redrive} once the delegate succeeded. Each entry anchors the {@link ActionEvent} the
 * request's transition stored (the action it returns is the one it stored, so that event is the
 * one at its {@code last_seq}), which is how an evidence bundle proves that event. A rejected
 * command, including a run answered {@code plan-stale}, records nothing here; the re-plan it caused
 * is recorded as {@code action.state} by {@link LedgerActionJournal}. Reads pass through.
 */
public final class AuditedActionUseCases implements ActionUseCases {
    private final ActionUseCases delegate;
    private final ActionEventStore events;
    private final AuditTrail audit;

    public AuditedActionUseCases(ActionUseCases delegate, ActionEventStore events, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.events = Objects.requireNonNull(events);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public Action requestAction(Principal principal, ActionRequest request) {
        return recorded(principal, LedgerKind.ACTION_CREATE, delegate.requestAction(principal, request));
    }

    @Override
    public Action approve(Principal principal, String actionId, String comment) {
        return recorded(principal, LedgerKind.ACTION_APPROVE, delegate.approve(principal, actionId, comment));
    }

    @Override
    public Action run(Principal principal, String actionId) {
        return recorded(principal, LedgerKind.ACTION_RUN, delegate.run(principal, actionId));
    }

    @Override
    public Action cancel(Principal principal, String actionId) {
        return recorded(principal, LedgerKind.ACTION_CANCEL, delegate.cancel(principal, actionId));
    }

    @Override
    public Action rollback(Principal principal, String actionId) {
        return recorded(principal, LedgerKind.ACTION_ROLLBACK, delegate.rollback(principal, actionId));
    }

    @Override
    public Action redrive(Principal principal, String actionId) {
        return recorded(principal, LedgerKind.ACTION_REDRIVE, delegate.redrive(principal, actionId));
    }

    @Override
    public Action action(Principal principal, String actionId) {
        return delegate.action(principal, actionId);
    }

    @Override
    public Page<Action> actions(Principal principal, ActionQuery query, PageRequest page) {
        return delegate.actions(principal, query, page);
    }

    @Override
    public List<ActionEvent> events(Principal principal, String actionId, long afterSeq, int limit) {
        return delegate.events(principal, actionId, afterSeq, limit);
    }

    private Action recorded(Principal principal, LedgerKind kind, Action stored) {
        List<ActionEvent> made = events.read(principal.tenant(), stored.id(), stored.lastSeq() - 1, 1);
        if (made.isEmpty() || made.getFirst().seq() != stored.lastSeq()) {
            throw new PraetorException(ErrorCode.INTERNAL, "action " + stored.id() + ": the event of "
                    + kind.wireName() + " (seq " + stored.lastSeq() + ") is not stored");
        }
        audit.recordActionRequest(principal, kind, made.getFirst());
        events.markAnchored(principal.tenant(), stored.id(), stored.lastSeq());
        return stored;
    }
}
