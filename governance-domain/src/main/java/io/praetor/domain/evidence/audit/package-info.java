/**
 * The audit trail wired around the driving ports: thin {@code Audited*UseCases} decorators append
 * one ledger entry per successful privileged request, and {@link io.praetor.domain.evidence.audit.LedgerActionJournal}
 * records the action transitions no request made ({@code action.state}). The SDK facade wraps its
 * services in them, so embedded use and the HTTP server leave the same trail.
 */
package io.praetor.domain.evidence.audit;
