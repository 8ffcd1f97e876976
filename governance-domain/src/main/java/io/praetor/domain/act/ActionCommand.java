package io.praetor.domain.act;

import io.praetor.ports.Principal;
import io.praetor.ports.action.Plan;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that can move an action: the commands people send ({@link Approve}, {@link Run},
 * {@link Cancel}, {@link Rollback}, {@link Redrive}), what the system does by itself
 * ({@link AutoApprove}, {@link AutoRun}) and the executor's steps. {@link ActionTransitions} decides
 * each against the current action; this is a closed set, so a new command is a compile error there.
 */
public sealed interface ActionCommand {

    /** planned → approved, by a person other than the requester. */
    record Approve(Principal by, String comment) implements ActionCommand {
        public Approve {
            Objects.requireNonNull(by);
            Objects.requireNonNull(comment);
        }
    }

    /** planned → approved by the system: only for a non-destructive plan of an {@code auto}-mode policy. */
    record AutoApprove() implements ActionCommand {}

    /** approved → in_progress, by an operator. */
    record Run(Principal by) implements ActionCommand {
        public Run {
            Objects.requireNonNull(by);
        }
    }

    /** approved → in_progress by itself for a {@code dry_run: false} action, as its (last) approver. */
    record AutoRun() implements ActionCommand {}

    /** queued, preflight, planned, approved → cancelled. */
    record Cancel(Principal by) implements ActionCommand {
        public Cancel {
            Objects.requireNonNull(by);
        }
    }

    /** completed → rolled_back, once the handler restored the state recorded at plan time. */
    record Rollback(Principal by) implements ActionCommand {
        public Rollback {
            Objects.requireNonNull(by);
        }
    }

    /** failed → queued, by an admin; the action is planned afresh. */
    record Redrive(Principal by) implements ActionCommand {
        public Redrive {
            Objects.requireNonNull(by);
        }
    }

    /** queued → preflight: the executor picked the action up. */
    record StartPreflight() implements ActionCommand {}

    /** preflight → planned with the plan made from the handler's planned change. */
    record PreflightPassed(Plan plan, Map<String, Object> report) implements ActionCommand {
        public PreflightPassed {
            Objects.requireNonNull(plan);
            Objects.requireNonNull(report);
        }
    }

    /** preflight → failed; a failed preflight changed nothing. */
    record PreflightFailed(List<String> problems) implements ActionCommand {
        public PreflightFailed {
            problems = List.copyOf(problems);
        }
    }

    /** approved → planned with a fresh plan (the resource changed since planning); approvals are cleared. */
    record Replan(Plan plan) implements ActionCommand {
        public Replan {
            Objects.requireNonNull(plan);
        }
    }

    /** in_progress → verifying: the handler's apply returned. */
    record ApplySucceeded(Map<String, Object> response) implements ActionCommand {
        public ApplySucceeded {
            Objects.requireNonNull(response);
        }
    }

    /** verifying → completed: the read-back matches the plan. */
    record Verified(String message, Map<String, Object> observed) implements ActionCommand {
        public Verified {
            Objects.requireNonNull(message);
            Objects.requireNonNull(observed);
        }
    }

    /** in_progress, verifying → rolled_back: apply or verify failed and the rollback succeeded. */
    record RolledBack(String message, String error) implements ActionCommand {
        public RolledBack {
            Objects.requireNonNull(message);
            Objects.requireNonNull(error);
        }
    }

    /**
     * in_progress, verifying → failed (the DLQ): the step failed and rollback failed or was not
     * possible. {@code mayHaveHappened} says whether the change may have been applied.
     */
    record Failed(String message, String error, boolean mayHaveHappened) implements ActionCommand {
        public Failed {
            Objects.requireNonNull(message);
            Objects.requireNonNull(error);
        }
    }
}
