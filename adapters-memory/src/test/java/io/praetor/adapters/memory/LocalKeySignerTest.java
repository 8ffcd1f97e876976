package io.praetor.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.evidence.Signer;
import io.praetor.testkit.SignerContract;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LocalKeySignerTest extends SignerContract {
    @Override
    protected Signer newSigner() {
        return LocalKeySigner.generate();
    }

    @Test
    void aSignerReloadedFromItsPrivateJwk_hasTheSameKey() throws Exception {
        LocalKeySigner original = LocalKeySigner.generate();

        LocalKeySigner reloaded = LocalKeySigner.fromPrivateJwk(original.privateJwk());

        assertThat(reloaded.publicJwk()).isEqualTo(original.publicJwk());
        byte[] input = "head".getBytes(StandardCharsets.US_ASCII);
        Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(original.keyPair().getPublic());
        verifier.update(input);
        assertThat(verifier.verify(reloaded.sign(input))).isTrue();
    }

    @Test
    void fromPrivateJwk_rejectsAPublicOnlyKey() {
        Map<String, String> publicOnly = new HashMap<>(LocalKeySigner.generate().publicJwk());

        assertThatThrownBy(() -> LocalKeySigner.fromPrivateJwk(publicOnly))
                .isInstanceOfSatisfying(PraetorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }

    @Test
    void privateJwk_carriesThePrivatePartAndThePublicOneDoesNot() {
        LocalKeySigner signer = LocalKeySigner.generate();

        assertThat(signer.privateJwk()).containsKey("d").containsAllEntriesOf(signer.publicJwk());
        assertThat(signer.publicJwk()).doesNotContainKey("d");
    }

    /** The contract again, on a signer that went through the JWK round trip. */
    @Nested
    class Reloaded extends SignerContract {
        @Override
        protected Signer newSigner() {
            return LocalKeySigner.fromPrivateJwk(LocalKeySigner.generate().privateJwk());
        }
    }
}
