package io.praetor.domain.evidence;

import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ActionEventStore} that anchors every state event ({@code action.<state>}) in the ledger
 * once its transaction commits, as an {@code action.state} entry, so that an action's bundle can
 * prove its events. It is the interim audit of action transitions until act records its requests
 * itself ({@code action.approve}, {@code action.run}, … with their actor); progress events are not
 * anchored, as {@link BundleVerifier} expects. Thread-safe when the delegate is.
 */
public final class AuditedActionEvents implements ActionEventStore {
    private static final Logger LOG = LoggerFactory.getLogger(AuditedActionEvents.class);

    private final ActionEventStore delegate;
    private final Transactions transactions;
    private final AuditTrail audit;

    public AuditedActionEvents(ActionEventStore delegate, Transactions transactions, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.transactions = Objects.requireNonNull(transactions);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public void append(TenantId tenant, ActionEvent event) {
        delegate.append(tenant, event);
        if (!event.type().equals(ActionEvent.PROGRESS)) {
            transactions.afterCommit(() -> {
                try {
                    audit.recordTransition(Principal.system(tenant), event);
                } catch (RuntimeException e) {
                    LOG.error("could not record action event {} #{} of tenant {} in the ledger: {}",
                            event.actionId(), event.seq(), tenant, e.getMessage());
                }
            });
        }
    }

    @Override
    public List<ActionEvent> read(TenantId tenant, String actionId, long afterSeq, int limit) {
        return delegate.read(tenant, actionId, afterSeq, limit);
    }
}
