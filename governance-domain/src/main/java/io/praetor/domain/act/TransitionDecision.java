package io.praetor.domain.act;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import java.util.Objects;

/** What {@link ActionTransitions#decide} answered: the next action and its event, or a rejection carrying why. */
public sealed interface TransitionDecision {

    /** The transition is allowed: store {@code next} (one revision later) and append {@code event}. */
    record Accepted(Action next, ActionEvent event) implements TransitionDecision {
        public Accepted {
            Objects.requireNonNull(next);
            Objects.requireNonNull(event);
        }
    }

    /** The command is not allowed now; nothing changes. */
    record Rejected(Reason reason, String message) implements TransitionDecision {
        public Rejected {
            Objects.requireNonNull(reason);
            Objects.requireNonNull(message);
        }

        public PraetorException toException() {
            return new PraetorException(reason.code(), message);
        }
    }

    /** Why a command was rejected; each maps to one problem type of API.md. */
    enum Reason {
        /** The current state does not allow the command (409 invalid-transition). */
        INVALID_TRANSITION,
        /** The resource changed since the plan was made (409 plan-stale). */
        PLAN_STALE,
        /** A role, four-eyes or elevation rule forbids it (403). */
        FORBIDDEN;

        public ErrorCode code() {
            return switch (this) {
                case INVALID_TRANSITION -> ErrorCode.INVALID_TRANSITION;
                case PLAN_STALE -> ErrorCode.PLAN_STALE;
                case FORBIDDEN -> ErrorCode.FORBIDDEN;
            };
        }
    }
}
