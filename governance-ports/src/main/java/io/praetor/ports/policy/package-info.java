/**
 * Decide's policy vocabulary: a parsed {@link io.praetor.ports.policy.Policy} as POLICY-FORMAT.md
 * defines it, and the {@link io.praetor.ports.policy.PolicyStore} that keeps each tenant's policies.
 */
package io.praetor.ports.policy;
