package io.praetor.ports.usecase;

import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionQuery;
import java.util.List;

/**
 * Act: the commands of API.md's action table. A command the current state does not allow is
 * INVALID_TRANSITION; a run against a resource that changed since planning is PLAN_STALE (the
 * action is re-planned); a missing role or four-eyes/elevation rule is FORBIDDEN.
 */
public interface ActionUseCases {
    Action requestAction(Principal principal, ActionRequest request);

    Action approve(Principal principal, String actionId, String comment);

    Action run(Principal principal, String actionId);

    Action cancel(Principal principal, String actionId);

    Action rollback(Principal principal, String actionId);

    Action redrive(Principal principal, String actionId);

    /** NOT_FOUND when absent. */
    Action action(Principal principal, String actionId);

    Page<Action> actions(Principal principal, ActionQuery query, PageRequest page);

    /** The action's events after {@code afterSeq}, in order. */
    List<ActionEvent> events(Principal principal, String actionId, long afterSeq, int limit);
}
