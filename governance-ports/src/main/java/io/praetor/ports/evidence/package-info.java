/**
 * Evidence's vocabulary: content-addressed blobs, the per-tenant append-only ledger of
 * privileged steps with signed tree heads, and the {@link io.praetor.ports.evidence.Signer} that
 * holds the signing key.
 */
package io.praetor.ports.evidence;
