package io.praetor.ports.action;

/** What a conditional update of the action store did. */
public sealed interface TransitionOutcome {
    /** The update was stored. */
    record Applied(Action action) implements TransitionOutcome {}

    /** Someone else moved the action first; nothing was stored. */
    record RevisionConflict(Action current) implements TransitionOutcome {}

    /** A holder of a newer lock lease has written; this writer's lease is stale. */
    record FencedOut(long highestToken) implements TransitionOutcome {}

    /** No such action in this tenant. */
    record Missing() implements TransitionOutcome {}
}
