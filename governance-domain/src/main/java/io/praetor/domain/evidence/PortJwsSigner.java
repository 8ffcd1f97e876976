package io.praetor.domain.evidence;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import io.praetor.ports.evidence.Signer;
import java.util.Set;

/** Lets Nimbus build JWS objects while the key stays behind the {@link Signer} port (file, HSM or KMS). */
final class PortJwsSigner implements JWSSigner {
    private final Signer signer;
    private final JCAContext jcaContext = new JCAContext();

    PortJwsSigner(Signer signer) {
        if (!JWSAlgorithm.ES256.getName().equals(signer.algorithm())) {
            throw new IllegalArgumentException("tree heads are signed with ES256, the signer offers " + signer.algorithm());
        }
        this.signer = signer;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("unsupported JWS algorithm " + header.getAlgorithm());
        }
        byte[] signature = signer.sign(signingInput);
        if (signature.length != 64) {
            throw new JOSEException("an ES256 signature is 64 bytes (R ‖ S), the signer returned " + signature.length);
        }
        return Base64URL.encode(signature);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
