/**
 * Findings (a policy violated by a resource), the per-policy pair counts behind the compliance
 * score, and exemptions with expiry.
 */
package io.praetor.ports.finding;
