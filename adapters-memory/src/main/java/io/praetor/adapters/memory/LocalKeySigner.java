package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.evidence.Signer;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
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

    /**
     * A signer from a private EC JWK ({@code kty=EC, crv=P-256, x, y, d}, base64url), as kept in
     * the signing key file; throws VALIDATION when it is not one.
     */
    public static LocalKeySigner fromPrivateJwk(Map<String, String> jwk) {
        if (!"EC".equals(jwk.get("kty")) || !"P-256".equals(jwk.get("crv"))
                || !jwk.containsKey("x") || !jwk.containsKey("y") || !jwk.containsKey("d")) {
            throw new PraetorException(ErrorCode.VALIDATION, "expected a private P-256 EC JWK with x, y and d");
        }
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec curve = params.getParameterSpec(ECParameterSpec.class);
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPoint w = new ECPoint(number(jwk.get("x")), number(jwk.get("y")));
            return new LocalKeySigner(new KeyPair(factory.generatePublic(new ECPublicKeySpec(w, curve)),
                    factory.generatePrivate(new ECPrivateKeySpec(number(jwk.get("d")), curve))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PraetorException(ErrorCode.VALIDATION, "not a usable P-256 JWK: " + e.getMessage(), e);
        }
    }

    /** The key pair, so a caller can persist it. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** The public JWK plus the private {@code d}, for writing the signing key file. Keep it secret. */
    public Map<String, String> privateJwk() {
        Map<String, String> jwk = new LinkedHashMap<>(publicJwk);
        jwk.put("d", base64Url(unsigned(((ECPrivateKey) keyPair.getPrivate()).getS())));
        return Map.copyOf(jwk);
    }

    private static BigInteger number(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
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
