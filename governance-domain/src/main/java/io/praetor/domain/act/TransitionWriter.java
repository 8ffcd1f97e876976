package io.praetor.domain.act;

import io.praetor.domain.act.TransitionDecision.Accepted;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.TransitionOutcome;
import io.praetor.ports.events.BusMessage;
import io.praetor.ports.events.TenantEvent;
import io.praetor.ports.events.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one accepted transition: the conditional action update, its ActionEvent and the tenant
 * event {@code action.<state>}, in one transaction; after commit it publishes the tenant event and,
 * when asked, an {@code actions.execute} message. So an ActionEvent is always stored before it is
 * published, and nothing is published for a transition that was not stored.
 */
final class TransitionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TransitionWriter.class);

    private final ActPorts ports;

    TransitionWriter(ActPorts ports) {
        this.ports = ports;
    }

    /** Stores a new action (the (new) → queued row) and enqueues it for the executor. */
    Action create(TenantId tenant, Accepted opened, Runnable alsoInTransaction) {
        return ports.transactions().inTransaction(() -> {
            ports.actions().create(tenant, opened.next());
            appendEvents(tenant, opened);
            alsoInTransaction.run();
            ports.transactions().afterCommit(() -> enqueue(tenant, opened.next().id()));
            return opened.next();
        });
    }

    /**
     * Stores {@code accepted} over {@code current} if nobody moved the action since and no newer
     * lease has written; {@code alsoInTransaction} runs only when it is stored.
     */
    TransitionOutcome write(TenantId tenant, Action current, Accepted accepted, long fencingToken, boolean enqueue,
                            Runnable alsoInTransaction) {
        return ports.transactions().inTransaction(() -> {
            TransitionOutcome outcome = ports.actions().update(tenant, accepted.next(), current.revision(), fencingToken);
            if (outcome instanceof TransitionOutcome.Applied) {
                appendEvents(tenant, accepted);
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

    private void appendEvents(TenantId tenant, Accepted accepted) {
        ports.actionEvents().append(tenant, accepted.event());
        List<TenantEvent> appended = ports.tenantEvents().append(tenant, List.of(TenantEvent.draft(tenant,
                accepted.event().type(), accepted.event().at(), ActJson.tree(accepted.event()))));
        ports.transactions().afterCommit(() -> publish(tenant, appended));
    }

    private void publish(TenantId tenant, List<TenantEvent> events) {
        try {
            for (TenantEvent e : events) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("tenant", tenant.value());
                body.put("seq", e.seq());
                body.put("type", e.type());
                body.put("at", e.at().toString());
                body.put("data", e.data());
                ports.bus().publish(new BusMessage(tenant.value() + ":" + e.seq(), Topics.TENANT_EVENTS, tenant,
                        tenant.value(), e.type(), ActJson.write(body), Map.of()));
            }
            ports.tenantEvents().markPublished(tenant, events.stream().map(TenantEvent::seq).toList());
        } catch (RuntimeException e) {
            // Left unpublished in the outbox; the outbox relay publishes it later.
            LOG.warn("could not publish tenant events of {}: {}", tenant, e.getMessage());
        }
    }
}
