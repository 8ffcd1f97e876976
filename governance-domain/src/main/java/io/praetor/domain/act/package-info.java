/**
 * Act: the action lifecycle of API.md's table as a pure state machine ({@link io.praetor.domain.act.ActionTransitions}),
 * the use cases that drive it ({@link io.praetor.domain.act.ActionService}), the bus-driven
 * {@link io.praetor.domain.act.ActionExecutor}, JIT elevation and auto-mode remediation.
 */
package io.praetor.domain.act;
