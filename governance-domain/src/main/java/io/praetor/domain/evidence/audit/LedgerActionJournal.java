package io.praetor.domain.evidence.audit;

import io.praetor.domain.act.ActionJournal;
import io.praetor.domain.evidence.AuditTrail;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Records each action transition that no request made directly — the executor's steps,
 * auto-approval, the automatic run, a re-plan, an auto-mode action's creation — as one
 * {@code action.state} entry by {@code system}. Transitions a request made are left to
 * {@link AuditedActionUseCases}, which records them under the request's kind, and
 * {@code action.progress} events are not state changes and are not recorded; so every state event
 * of an action is anchored by one ledger entry. Each entry written marks its event anchored; one
 * lost to a crash after the transition committed is written later by {@link LedgerAnchorSweep}.
 * Thread-safe.
 */
public final class LedgerActionJournal implements ActionJournal {
    private final AuditTrail audit;
    private final ActionEventStore events;

    public LedgerActionJournal(AuditTrail audit, ActionEventStore events) {
        this.audit = Objects.requireNonNull(audit);
        this.events = Objects.requireNonNull(events);
    }

    @Override
    public void transitioned(TenantId tenant, Optional<Principal> requestedBy, ActionEvent event) {
        if (requestedBy.isPresent() || ActionEvent.PROGRESS.equals(event.type())) return;
        audit.recordTransition(Principal.system(tenant), event);
        events.markAnchored(tenant, event.actionId(), event.seq());
    }
}
