package io.praetor.ports.evidence;

import java.util.Map;

/**
 * Holds the ES256 key that signs ledger tree heads (and dev tokens). The domain builds the JWS;
 * the signer only signs bytes, so the key may live in a file, an HSM or a KMS. Thread-safe.
 */
public interface Signer {
    /** {@code ES256}. */
    String algorithm();

    /** The public key as a JWK ({@code kty, crv, x, y}), with no private part. */
    Map<String, String> publicJwk();

    /** The JOSE signature (R ‖ S, 64 bytes for ES256) of {@code signingInput}. */
    byte[] sign(byte[] signingInput);
}
