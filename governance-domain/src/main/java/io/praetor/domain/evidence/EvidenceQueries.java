package io.praetor.domain.evidence;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.action.Action;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.TreeHead;
import io.praetor.ports.usecase.ActionUseCases;
import io.praetor.ports.usecase.EvidenceUseCases;
import io.praetor.ports.usecase.LedgerUseCases;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read side of evidence and the ledger for the API, scoped to the caller's tenant: blobs,
 * bundles and their server-side check, entries, heads, proofs, verification and export. Reading
 * needs the viewer role. Thread-safe.
 */
public final class EvidenceQueries implements EvidenceUseCases, LedgerUseCases {
    private static final int MAX_ENTRIES = 1000;

    private final LedgerService ledger;
    private final EvidenceRecorder evidence;
    private final BundleWriter bundles;
    private final ActionUseCases actions;

    public EvidenceQueries(LedgerService ledger, EvidenceRecorder evidence, BundleWriter bundles, ActionUseCases actions) {
        this.ledger = Objects.requireNonNull(ledger);
        this.evidence = Objects.requireNonNull(evidence);
        this.bundles = Objects.requireNonNull(bundles);
        this.actions = Objects.requireNonNull(actions);
    }

    @Override
    public List<EvidenceRef> evidence(Principal principal, Optional<String> actionId) {
        requireViewer(principal);
        return evidence.list(principal.tenant(), actionId);
    }

    @Override
    public Blob blob(Principal principal, String sha256) {
        requireViewer(principal);
        byte[] content = evidence.get(principal.tenant(), sha256)
                .orElseThrow(() -> PraetorException.notFound("evidence " + sha256));
        EvidenceRef ref = evidence.list(principal.tenant(), Optional.empty()).stream()
                .filter(r -> r.sha256().equals(sha256)).findFirst()
                .orElseThrow(() -> PraetorException.notFound("evidence " + sha256));
        return new Blob(ref, content);
    }

    @Override
    public void writeBundle(Principal principal, String actionId, OutputStream out) {
        Action action = actions.action(principal, actionId);
        bundles.write(principal.tenant(), action, out);
    }

    @Override
    public BundleCheck verifyBundle(Principal principal, String actionId) {
        Action action = actions.action(principal, actionId);
        byte[] zip = bundles.write(principal.tenant(), action);
        BundleVerification check = BundleVerifier.verify(zip, Optional.of(ledger.publicKey()));
        return new BundleCheck(check.ok(), check.problems());
    }

    @Override
    public List<LedgerLeaf> entries(Principal principal, long from, int limit) {
        requireViewer(principal);
        if (from < 0) throw new PraetorException(ErrorCode.VALIDATION, "from must not be negative");
        if (limit < 1 || limit > MAX_ENTRIES) {
            throw new PraetorException(ErrorCode.VALIDATION, "limit must be between 1 and " + MAX_ENTRIES);
        }
        return ledger.read(principal.tenant(), from, limit);
    }

    @Override
    public TreeHead head(Principal principal) {
        requireViewer(principal);
        return ledger.latestHead(principal.tenant());
    }

    @Override
    public InclusionProofView inclusionProof(Principal principal, long seq, long treeSize) {
        requireViewer(principal);
        InclusionProof p = ledger.inclusionProof(principal.tenant(), seq, treeSize);
        return new InclusionProofView(p.seq(), p.treeSize(), p.leafHash(), p.path(), p.rootHash());
    }

    @Override
    public ConsistencyProofView consistencyProof(Principal principal, long fromSize, long toSize) {
        requireViewer(principal);
        ConsistencyProof p = ledger.consistencyProof(principal.tenant(), fromSize, toSize);
        return new ConsistencyProofView(p.fromSize(), p.toSize(), p.fromRoot(), p.toRoot(), p.path());
    }

    @Override
    public LedgerCheck verify(Principal principal) {
        requireViewer(principal);
        LedgerVerification v = ledger.verify(principal.tenant());
        return new LedgerCheck(v.ok(), v.size(), v.rootHash(), v.firstBadSeq(), v.problems());
    }

    @Override
    public Map<String, String> publicKey(Principal principal) {
        requireViewer(principal);
        return ledger.publicKey();
    }

    @Override
    public void export(Principal principal, OutputStream out) {
        requireViewer(principal);
        ledger.export(principal.tenant(), out);
    }

    private static void requireViewer(Principal principal) {
        if (!principal.has(Role.VIEWER)) {
            throw new PraetorException(ErrorCode.FORBIDDEN, "reading evidence needs the viewer role");
        }
    }
}
