package io.praetor.domain.evidence;

import io.praetor.domain.json.ActionJson;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Principal;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.evidence.LedgerEntry;
import java.util.Map;

/**
 * The ledger entries of API.md's audit trail. Use cases call {@link #record} once per privileged
 * request ({@code payload_sha256} = SHA-256 of the RFC 8785 JSON of the request body, {@code
 * subject} = the id of the thing acted on); an import is one entry, not one per resource.
 *
 * <p>Action entries anchor the {@link ActionEvent} they produced instead of the body, so that an
 * action's bundle can prove its events: a request on an action ({@code action.create},
 * {@code .approve}, {@code .run}, {@code .cancel}, {@code .rollback}, {@code .redrive}) records the
 * event of the transition it made with {@link #recordActionRequest}, and a transition no request
 * made (executor, auto-approval, re-plan) records {@code action.state} with {@link #recordTransition}.
 * Thread-safe.
 */
public final class AuditTrail {
    private final LedgerService ledger;

    public AuditTrail(LedgerService ledger) {
        this.ledger = ledger;
    }

    public LedgerEntry record(Principal actor, LedgerKind kind, String subject, Map<String, ?> requestBody) {
        return ledger.append(actor.tenant(), actor.subject(), kind, subject, CanonicalJson.sha256Hex(requestBody));
    }

    /** As {@link #record(Principal, LedgerKind, String, Map)} with the kind's wire name; unknown kinds are rejected. */
    public LedgerEntry record(Principal actor, String kind, String subject, Map<String, ?> requestBody) {
        return record(actor, kindOf(kind), subject, requestBody);
    }

    /** A request on an action, anchoring the event of the transition it made. */
    public LedgerEntry recordActionRequest(Principal actor, LedgerKind kind, ActionEvent event) {
        if (!kind.isAboutAnActionEvent()) {
            throw new PraetorException(ErrorCode.INTERNAL, kind.wireName() + " does not record an action event");
        }
        return ledger.append(actor.tenant(), actor.subject(), kind, event.actionId(), ActionJson.eventSha256(event));
    }

    /** {@code action.state}: a transition no request made directly (the actor is usually {@code system}). */
    public LedgerEntry recordTransition(Principal actor, ActionEvent event) {
        return recordActionRequest(actor, LedgerKind.ACTION_STATE, event);
    }

    private static LedgerKind kindOf(String kind) {
        return LedgerKind.fromWire(kind).orElseThrow(() ->
                new PraetorException(ErrorCode.INTERNAL, "unknown ledger kind " + kind));
    }
}
