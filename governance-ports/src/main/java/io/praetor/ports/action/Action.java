package io.praetor.ports.action;

import io.praetor.ports.evidence.EvidenceRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remediation action and where it is in its lifecycle.
 *
 * @param revision increases by one with every stored transition; the store's optimistic check
 * @param lastSeq the seq of the last {@link ActionEvent} of this action
 * @param attempts how many times the executor has started the current step
 */
public record Action(
        String id,
        ActionState state,
        String handler,
        String resourceId,
        String resourceKey,
        Optional<String> findingId,
        Optional<String> policyId,
        String requestedBy,
        boolean dryRun,
        String reason,
        Map<String, Object> params,
        List<Approval> approvals,
        Optional<Plan> plan,
        Optional<ActionResult> result,
        List<EvidenceRef> evidence,
        Instant createdAt,
        Instant updatedAt,
        long revision,
        long lastSeq,
        int attempts) {

    public Action {
        Objects.requireNonNull(id);
        Objects.requireNonNull(state);
        Objects.requireNonNull(handler);
        Objects.requireNonNull(resourceId);
        Objects.requireNonNull(resourceKey);
        Objects.requireNonNull(findingId);
        Objects.requireNonNull(policyId);
        Objects.requireNonNull(requestedBy);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(params);
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(plan);
        Objects.requireNonNull(result);
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(updatedAt);
    }

    /** A copy in {@code next} state at {@code at}, one revision later; other fields as they are. */
    public Action movedTo(ActionState next, Instant at, long seq) {
        return new Action(id, next, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, approvals, plan, result, evidence, createdAt, at, revision + 1, seq, attempts);
    }

    public Action withPlan(Optional<Plan> newPlan) {
        return new Action(id, state, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, approvals, newPlan, result, evidence, createdAt, updatedAt, revision, lastSeq, attempts);
    }

    public Action withApprovals(List<Approval> newApprovals) {
        return new Action(id, state, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, newApprovals, plan, result, evidence, createdAt, updatedAt, revision, lastSeq, attempts);
    }

    public Action withResult(Optional<ActionResult> newResult) {
        return new Action(id, state, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, approvals, plan, newResult, evidence, createdAt, updatedAt, revision, lastSeq, attempts);
    }

    public Action withEvidence(List<EvidenceRef> refs) {
        return new Action(id, state, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, approvals, plan, result, refs, createdAt, updatedAt, revision, lastSeq, attempts);
    }

    public Action withAttempts(int n) {
        return new Action(id, state, handler, resourceId, resourceKey, findingId, policyId, requestedBy, dryRun,
                reason, params, approvals, plan, result, evidence, createdAt, updatedAt, revision, lastSeq, n);
    }
}
