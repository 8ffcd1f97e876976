/**
 * Act's vocabulary: {@link io.praetor.ports.action.Action}s and their states and events, plans,
 * JIT elevations, the stores that keep them, and the {@link io.praetor.ports.action.ActionHandler}
 * SPI that remediation handlers implement.
 */
package io.praetor.ports.action;
