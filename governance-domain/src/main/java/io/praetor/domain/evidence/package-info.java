/**
 * Evidence: content-addressed blobs ({@link io.praetor.domain.evidence.EvidenceRecorder}), each
 * tenant's RFC 9162 Merkle ledger with ES256-signed tree heads
 * ({@link io.praetor.domain.evidence.LedgerService}), the audit trail use cases write to it
 * ({@link io.praetor.domain.evidence.AuditTrail}), and offline-verifiable bundles and exports
 * ({@link io.praetor.domain.evidence.BundleWriter}, {@link io.praetor.domain.evidence.BundleVerifier},
 * {@link io.praetor.domain.evidence.LedgerVerifier}).
 */
package io.praetor.domain.evidence;
