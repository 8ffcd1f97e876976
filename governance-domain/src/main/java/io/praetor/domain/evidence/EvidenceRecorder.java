package io.praetor.domain.evidence;

import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerEntry;
import java.util.List;
import java.util.Optional;

/**
 * Stores evidence blobs (content-addressed, SHA-256) and records each in the ledger with one
 * {@code evidence.put} entry: {@code payload_sha256} = the blob's hash, {@code subject} = the action
 * the blob belongs to, or the blob's hash when it belongs to none. Every blob a bundle carries must
 * come through here, or the bundle's verification reports it as not anchored. Thread-safe.
 */
public final class EvidenceRecorder {
    private final EvidenceStore store;
    private final LedgerService ledger;

    public EvidenceRecorder(EvidenceStore store, LedgerService ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    /** A blob and the ledger entry that records it. */
    public record Recorded(EvidenceRef ref, LedgerEntry entry) {}

    public Recorded put(Principal actor, byte[] content, String mediaType, String name, Optional<String> actionId) {
        TenantId tenant = actor.tenant();
        EvidenceRef ref = store.put(tenant, content, mediaType, name, actionId);
        LedgerEntry entry = ledger.append(tenant, actor.subject(), LedgerKind.EVIDENCE_PUT,
                actionId.orElse(ref.sha256()), ref.sha256());
        return new Recorded(ref, entry);
    }

    /** Stores a blob of an action, e.g. a plan, diff, preflight report, before/after state or handler response. */
    public Recorded putForAction(Principal actor, String actionId, byte[] content, String mediaType, String name) {
        return put(actor, content, mediaType, name, Optional.of(actionId));
    }

    public Optional<byte[]> get(TenantId tenant, String sha256) {
        return store.get(tenant, sha256);
    }

    public List<EvidenceRef> list(TenantId tenant, Optional<String> actionId) {
        return store.list(tenant, actionId);
    }
}
