package io.praetor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verifier on its own, with a local ES256 issuer (the OIDC issuer is covered end to end in app-server). */
class JwtVerifierTest {
    private static final String ISS = "urn:test";
    private final ECKey key = generate("k1");
    private final JwtVerifier verifier = JwtVerifier.builder("tid").localIssuer(ISS, key.toPublicJWK(), "praetor").build();

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISS).audience("praetor").subject("alice").claim("tid", "acme")
                .claim("roles", List.of("operator", "approver", "superuser"))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private String sign(JWTClaimsSet c, ECKey with) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.getKeyID()).build(), c);
        jwt.sign(new ECDSASigner(with));
        return jwt.serialize();
    }

    private void assertUnauthorized(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(PraetorException.class)
                .extracting(e -> ((PraetorException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void validToken_givesThePrincipalWithKnownRolesOnly() throws Exception {
        Principal p = verifier.verify(sign(claims().build(), key));
        assertThat(p).isEqualTo(new Principal("alice", TenantId.of("acme"), Set.of(Role.OPERATOR, Role.APPROVER)));
    }

    @Test
    void clockSkewOfUnderAMinute_isTolerated_andMoreIsNot() throws Exception {
        Instant now = Instant.now();
        assertThat(verifier.verify(sign(claims().expirationTime(Date.from(now.minusSeconds(30))).build(), key)).subject())
                .isEqualTo("alice");
        assertUnauthorized(sign(claims().expirationTime(Date.from(now.minusSeconds(90))).build(), key));
        assertUnauthorized(sign(claims().notBeforeTime(Date.from(now.plusSeconds(90))).build(), key));
    }

    @Test
    void unsignedHmacForeignKeyAndBadClaims_areUnauthorized() throws Exception {
        assertUnauthorized(new PlainJWT(claims().build()).serialize());
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertUnauthorized(hs.serialize());
        assertUnauthorized(sign(claims().build(), generate("k1")));
        assertUnauthorized(sign(claims().audience("other").build(), key));
        assertUnauthorized(sign(claims().issuer("urn:other").build(), key));
        assertUnauthorized(sign(claims().claim("tid", null).build(), key));
        assertUnauthorized(sign(claims().claim("tid", "not a tenant!").build(), key));
        assertUnauthorized(sign(claims().subject(null).build(), key));
        assertUnauthorized("not.a.jwt");
    }
}
