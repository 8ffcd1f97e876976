package io.praetor.domain.act;

import io.praetor.ports.Principal;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionEvent;
import java.util.Optional;

/**
 * Told about every {@link ActionEvent} act stores (transitions and {@code action.progress}), once
 * its transaction has committed, in the order they were stored for one action. {@code requestedBy}
 * is the person whose request made the transition directly ({@code POST /actions}, approve, run,
 * cancel, rollback, redrive), and empty for what the executor, auto-approval, auto-mode creation or
 * a re-plan did by itself. The audit trail uses it to record the latter as {@code action.state}.
 *
 * <p>Called on the thread that committed; implementations must be thread-safe and should not throw
 * (a failure is logged; the transition stays stored).
 */
@FunctionalInterface
public interface ActionJournal {
    void transitioned(TenantId tenant, Optional<Principal> requestedBy, ActionEvent event);

    /** Records nothing. */
    ActionJournal NONE = (tenant, requestedBy, event) -> { };
}
