package io.praetor.domain.act;

import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.domain.events.TenantEventOutbox;
import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.TransitionOutcome;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one accepted transition: the conditional action update, its ActionEvent and the tenant
 * event {@code action.<state>} (through the {@link TenantEventOutbox}), in one transaction; after
 * commit the outbox publishes the tenant event, the {@link ActionJournal} is told, and, when asked,
 * an {@code actions.execute} message goes out. So an ActionEvent is always stored before it is
 * published or journalled, and nothing is published for a transition that was not stored.
 */
final class TransitionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TransitionWriter.class);

    private final ActPorts ports;
    private final TenantEventOutbox outbox;
    private final ActionJournal journal;

    TransitionWriter(ActPorts ports, ActionJournal journal) {
        this.ports = ports;
        this.outbox = new TenantEventOutbox(ports.tenantEvents(), ports.bus(), ports.transactions());
        this.journal = journal;
    }

    /** Stores a new action (the (new) → queued row) and enqueues it for the executor. */
    Action create(TenantId tenant, Accepted opened, Optional<Principal> requestedBy, Runnable alsoInTransaction) {
        return ports.transactions().inTransaction(() -> {
            ports.actions().create(tenant, opened.next());
            appendEvents(tenant, opened, requestedBy);
            alsoInTransaction.run();
            ports.transactions().afterCommit(() -> enqueue(tenant, opened.next().id()));
            return opened.next();
        });
    }

    /**
     * Stores {@code accepted} over {@code current} if nobody moved the action since and no newer
     * lease has written; {@code alsoInTransaction} runs only when it is stored. {@code requestedBy}
     * is the person whose request this transition is, empty when none made it directly.
     */
    TransitionOutcome write(TenantId tenant, Action current, Accepted accepted, long fencingToken, boolean enqueue,
                            Optional<Principal> requestedBy, Runnable alsoInTransaction) {
        return ports.transactions().inTransaction(() -> {
            TransitionOutcome outcome = ports.actions().update(tenant, accepted.next(), current.revision(), fencingToken);
            if (outcome instanceof TransitionOutcome.Applied) {
                appendEvents(tenant, accepted, requestedBy);
                alsoInTransaction.run();
                if (enqueue) ports.transactions().afterCommit(() -> enqueue(tenant, accepted.next().id()));
            }
            return outcome;
        });
    }

    /** Whether an action in this state has work for the executor (used after a person's command). */
    static boolean needsExecutor(Action a) {
        return switch (a.state()) {
            case QUEUED, PREFLIGHT, IN_PROGRESS, VERIFYING -> true;
            case APPROVED -> !a.dryRun();
            case PLANNED, COMPLETED, ROLLED_BACK, FAILED, CANCELLED -> false;
        };
    }

    void enqueue(TenantId tenant, String actionId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenant", tenant.value());
        payload.put("action_id", actionId);
        try {
            ports.bus().publish(new BusMessage(UUID.randomUUID().toString(), Topics.ACTIONS_EXECUTE, tenant, actionId,
                    "action.execute", ActJson.write(payload), Map.of()));
        } catch (RuntimeException e) {
            // The action is stored; ActionExecutor.resume picks up actions whose message was lost.
            LOG.warn("could not enqueue action {} of tenant {}: {}", actionId, tenant, e.getMessage());
        }
    }

    private void appendEvents(TenantId tenant, Accepted accepted, Optional<Principal> requestedBy) {
        ports.actionEvents().append(tenant, accepted.event());
        outbox.append(tenant, List.of(TenantEvent.draft(tenant, accepted.event().type(), accepted.event().at(),
                ActJson.tree(accepted.event()))));
        ports.transactions().afterCommit(() -> {
            try {
                journal.transitioned(tenant, requestedBy, accepted.event());
            } catch (RuntimeException e) {
                LOG.error("action {} event {}: the journal failed; the transition is stored: {}",
                        accepted.event().actionId(), accepted.event().seq(), e.toString());
            }
        });
    }
}
