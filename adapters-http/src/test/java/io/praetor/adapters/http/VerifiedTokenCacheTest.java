package io.praetor.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache inside {@link JwtVerifier} (ADR 0030), on a clock the test moves: a token
 * verified once is answered from the cache only while it would still pass verification, never past
 * its exp, and for at most a minute after a key left the issuer's JWKS; a token that differs from a
 * cached one in any character is verified in full.
 */
class VerifiedTokenCacheTest {
    private static final String ISS = "urn:test";
    private static final Instant START = Instant.parse("2026-11-26T06:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final InstantSource clock = now::get;
    private final ECKey key = generate("k1");
    /** The issuer's current JWKS, which the test may rotate; counts how often keys were asked for. */
    private final AtomicReference<JWKSet> jwks = new AtomicReference<>(new JWKSet(key.toPublicJWK()));
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final JWKSource<SecurityContext> keys = (selector, context) -> {
        keyLookups.incrementAndGet();
        return selector.select(jwks.get());
    };
    private final JwtVerifier verifier = JwtVerifier.builder("tid").clock(clock)
            .issuer(ISS, keys, Optional.of("praetor")).build();

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JWTClaimsSet.Builder claims(String subject, Duration validFor) {
        return new JWTClaimsSet.Builder().issuer(ISS).audience("praetor").subject(subject).claim("tid", "acme")
                .claim("roles", List.of("viewer"))
                .issueTime(Date.from(START)).notBeforeTime(Date.from(START)).expirationTime(Date.from(START.plus(validFor)));
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
    void secondPresentation_isAnsweredFromTheCache_withoutAskingForKeys() throws Exception {
        String token = sign(claims("alice", Duration.ofMinutes(10)).build(), key);
        Principal first = verifier.verify(token);
        int lookups = keyLookups.get();
        assertThat(verifier.verify(token)).isEqualTo(first);
        assertThat(verifier.cachedVerifications()).isEqualTo(1);
        assertThat(keyLookups.get()).isEqualTo(lookups);
    }

    @Test
    void cachedToken_isRejectedOnceItsExpAndTheSkewHavePassed() throws Exception {
        String token = sign(claims("alice", Duration.ofMinutes(5)).build(), key);
        verifier.verify(token);
        now.set(START.plusSeconds(40));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        long served = verifier.cachedVerifications();

        // exp + 60 s of skew, as the full verification judges it: the cache must not answer past it
        now.set(START.plus(Duration.ofMinutes(5)).plusSeconds(60));
        assertUnauthorized(token);
        now.set(START.plus(Duration.ofHours(1)));
        assertUnauthorized(token);
        assertThat(verifier.cachedVerifications()).isEqualTo(served);
    }

    @Test
    void tokenCachedWithinItsSkew_isRejectedAtExpPlusSkew_beforeTheCacheLifetimeEnds() throws Exception {
        // exp 30 s ago: still accepted (60 s skew) and cached; the entry's own minute would run to START + 60 s
        String token = sign(claims("alice", Duration.ZERO).notBeforeTime(Date.from(START.minusSeconds(300)))
                .expirationTime(Date.from(START.minusSeconds(30))).build(), key);
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        now.set(START.plusSeconds(29));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        assertThat(verifier.cachedVerifications()).isEqualTo(1);
        now.set(START.plusSeconds(30));
        assertUnauthorized(token);
        assertThat(verifier.cachedVerifications()).isEqualTo(1);
    }

    @Test
    void cachedToken_withinItsSkew_getsTheSameAnswerAsAFullVerification() throws Exception {
        String token = sign(claims("alice", Duration.ofSeconds(30)).build(), key);
        verifier.verify(token);
        now.set(START.plusSeconds(30 + 59));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        JwtVerifier uncached = JwtVerifier.builder("tid").clock(clock).issuer(ISS, keys, Optional.of("praetor")).build();
        assertThat(uncached.verify(token).subject()).isEqualTo("alice");
    }

    @Test
    void tamperedCopiesOfACachedToken_areVerifiedInFullAndRejected() throws Exception {
        String token = sign(claims("alice", Duration.ofMinutes(10)).build(), key);
        verifier.verify(token);
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        String forgedClaims = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        char last = parts[2].charAt(parts[2].length() - 2);
        String forgedSignature = parts[0] + "." + parts[1] + "."
                + parts[2].substring(0, parts[2].length() - 2) + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);

        int lookups = keyLookups.get();
        assertUnauthorized(forgedClaims);
        assertUnauthorized(forgedSignature);
        assertThat(verifier.cachedVerifications()).isZero();
        assertThat(keyLookups.get()).as("each forgery went through signature verification").isGreaterThan(lookups);
        // and none of them was remembered as valid
        assertUnauthorized(forgedClaims);
        assertUnauthorized(forgedSignature);
    }

    @Test
    void differentTokens_haveTheirOwnEntries() throws Exception {
        String alice = sign(claims("alice", Duration.ofMinutes(10)).build(), key);
        String bob = sign(claims("bob", Duration.ofMinutes(10)).build(), key);
        String aliceAgain = sign(claims("alice", Duration.ofMinutes(20)).build(), key);
        assertThat(verifier.verify(alice).subject()).isEqualTo("alice");
        assertThat(verifier.verify(bob).subject()).isEqualTo("bob");
        assertThat(verifier.verify(aliceAgain).subject()).isEqualTo("alice");
        assertThat(verifier.cachedVerifications()).isZero();
        assertThat(verifier.verify(bob).subject()).isEqualTo("bob");
        assertThat(verifier.verify(alice).subject()).isEqualTo("alice");
        assertThat(verifier.cachedVerifications()).isEqualTo(2);
    }

    @Test
    void tokenSignedByAKeyRemovedFromTheJwks_isAcceptedForAtMostAMinute() throws Exception {
        String token = sign(claims("alice", Duration.ofHours(1)).build(), key);
        verifier.verify(token);
        ECKey next = generate("k2");
        jwks.set(new JWKSet(next.toPublicJWK()));

        now.set(START.plus(VerifiedTokens.MAX_LIFETIME).minusSeconds(1));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        now.set(START.plus(VerifiedTokens.MAX_LIFETIME));
        assertUnauthorized(token);
        assertThat(verifier.verify(sign(claims("alice", Duration.ofHours(1)).build(), next)).subject()).isEqualTo("alice");
    }

    @Test
    void theCacheIsBounded_andAnEvictedTokenIsSimplyVerifiedAgain() throws Exception {
        JwtVerifier small = JwtVerifier.builder("tid").clock(clock).maxCachedTokens(2)
                .issuer(ISS, keys, Optional.of("praetor")).build();
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) tokens.add(sign(claims("user-" + i, Duration.ofMinutes(10)).build(), key));
        for (String t : tokens) small.verify(t);
        for (int i = 0; i < tokens.size(); i++) assertThat(small.verify(tokens.get(i)).subject()).isEqualTo("user-" + i);
        assertThat(small.cachedVerifications()).isLessThanOrEqualTo(2);
    }
}
