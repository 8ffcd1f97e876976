package io.praetor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.evidence.Signer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Signer} must do: ES256 signatures a JDK can verify with the published JWK. */
public abstract class SignerContract {
    protected abstract Signer newSigner();

    private Signer signer;

    @BeforeEach
    void setUpSigner() {
        signer = newSigner();
    }

    private static PublicKey publicKeyOf(Map<String, String> jwk) throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = params.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("x"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("y"))));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
    }

    private boolean verifies(byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKeyOf(signer.publicJwk()));
        verifier.update(input);
        return verifier.verify(signature);
    }

    @Test
    void algorithm_isEs256() {
        assertThat(signer.algorithm()).isEqualTo("ES256");
    }

    @Test
    void publicJwk_isAP256PublicKeyWithNoPrivatePart() {
        Map<String, String> jwk = signer.publicJwk();

        assertThat(jwk).containsEntry("kty", "EC").containsEntry("crv", "P-256").containsKeys("x", "y")
                .doesNotContainKey("d");
        assertThat(Base64.getUrlDecoder().decode(jwk.get("x"))).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(jwk.get("y"))).hasSize(32);
    }

    @Test
    void sign_producesA64ByteSignatureTheJdkVerifiesWithThePublicJwk() throws Exception {
        byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJ0cmVlX3NpemUiOjV9".getBytes(StandardCharsets.US_ASCII);

        byte[] signature = signer.sign(input);

        assertThat(signature).hasSize(64);
        assertThat(verifies(input, signature)).isTrue();
    }

    @Test
    void aSignature_doesNotVerifyOtherInput() throws Exception {
        byte[] signature = signer.sign("head-1".getBytes(StandardCharsets.US_ASCII));

        assertThat(verifies("head-2".getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
    }
}
