package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.evidence.Signer;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ES256 with an EC P-256 key pair held in this process (the embedded default and tests). Signatures
 * are JOSE's R ‖ S form, which the JDK produces directly as {@code SHA256withECDSAinP1363Format}.
 */
public final class LocalKeySigner implements Signer {
    private static final int COORDINATE_BYTES = 32;

    private final KeyPair keyPair;
    private final Map<String, String> publicJwk;

    /** Wraps a P-256 key pair; throws VALIDATION when it is not one. */
    public LocalKeySigner(KeyPair keyPair) {
        if (!(keyPair.getPublic() instanceof ECPublicKey pub) || !(keyPair.getPrivate() instanceof ECPrivateKey)
                || pub.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new PraetorException(ErrorCode.VALIDATION, "ES256 needs an EC P-256 key pair");
        }
        this.keyPair = keyPair;
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", base64Url(unsigned(pub.getW().getAffineX())));
        jwk.put("y", base64Url(unsigned(pub.getW().getAffineY())));
        this.publicJwk = Map.copyOf(jwk);
    }

    /** A signer with a fresh key pair, for dev mode and tests. */
    public static LocalKeySigner generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new LocalKeySigner(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot generate a P-256 key", e);
        }
    }

    /** The key pair, so a caller can persist it (for example as a JWK file). */
    public KeyPair keyPair() {
        return keyPair;
    }

    @Override
    public String algorithm() {
        return "ES256";
    }

    @Override
    public Map<String, String> publicJwk() {
        return publicJwk;
    }

    @Override
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "ES256 signing failed", e);
        }
    }

    /** The coordinate as exactly 32 big-endian bytes (BigInteger adds a sign byte or drops leading zeros). */
    private static byte[] unsigned(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[COORDINATE_BYTES];
        int copy = Math.min(raw.length, COORDINATE_BYTES);
        System.arraycopy(raw, raw.length - copy, out, COORDINATE_BYTES - copy, copy);
        return out;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
