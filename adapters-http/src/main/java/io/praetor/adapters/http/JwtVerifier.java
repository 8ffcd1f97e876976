package io.praetor.adapters.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Verifies bearer tokens with Nimbus: a signed JWT whose {@code iss} is a trusted issuer, signature
 * by a key of that issuer (RS256 or ES256 only: never {@code none}, never HS*), {@code exp} and
 * {@code nbf} with 60 s of clock skew, the audience, a subject and a tenant claim. The OIDC issuer's
 * keys come from its discovery document and JWKS, cached, refreshed when an unknown {@code kid}
 * arrives and rate-limited; in dev mode the server's own ES256 key is a second issuer.
 *
 * <p>A token that passed is remembered ({@link VerifiedTokens}, by the SHA-256 of its text) for at
 * most 60 s and never past its own {@code exp}: the same token presented again within that time is
 * not verified again (ADR 0030). Thread-safe.
 */
public final class JwtVerifier {
    static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MAX_CLOCK_SKEW_SECONDS = 60;

    private final String tenantClaim;
    private final Map<String, Issuer> issuers;
    private final VerifiedTokens verified;

    private JwtVerifier(Builder b) {
        this.tenantClaim = b.tenantClaim;
        Map<String, Issuer> built = new LinkedHashMap<>();
        b.issuers.forEach((iss, spec) -> built.put(iss, new Issuer(processor(iss, spec.keys(), spec.audience(), b.clock))));
        this.issuers = Map.copyOf(built);
        this.verified = new VerifiedTokens(b.maxCachedTokens, b.clock, Duration.ofSeconds(MAX_CLOCK_SKEW_SECONDS));
    }

    public static Builder builder(String tenantClaim) {
        return new Builder(tenantClaim);
    }

    /** The principal of a valid token; UNAUTHORIZED (with why) otherwise. */
    public Principal verify(String token) {
        Optional<Principal> known = verified.lookUp(token);
        if (known.isPresent()) return known.get();
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw unauthorized("the bearer token is not a JWT");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw unauthorized("the bearer token is not signed");
        }
        if (!ALLOWED_ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            throw unauthorized("algorithm " + signed.getHeader().getAlgorithm() + " is not accepted");
        }
        String iss;
        try {
            iss = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw unauthorized("the token's claims are not JSON");
        }
        Issuer issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw unauthorized("the token's issuer is not trusted");
        }
        JWTClaimsSet claims;
        try {
            claims = issuer.processor().process(signed, null);
        } catch (KeySourceException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "the issuer's keys cannot be fetched");
        } catch (BadJOSEException | JOSEException e) {
            throw unauthorized("the token is not valid: " + e.getMessage());
        }
        Principal principal = principalOf(claims);
        // exp is a required claim, so the processor has checked it is there
        verified.remember(token, new VerifiedTokens.Verified(principal,
                Optional.ofNullable(claims.getNotBeforeTime()).map(Date::toInstant), claims.getExpirationTime().toInstant()));
        return principal;
    }

    /** How many verifications were answered from the verified-token cache since start. */
    public long cachedVerifications() {
        return verified.served();
    }

    private Principal principalOf(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) throw unauthorized("the token has no subject");
        Object tenant = claims.getClaim(tenantClaim);
        if (!(tenant instanceof String tenantValue) || tenantValue.isBlank()) {
            throw unauthorized("the token has no tenant claim '" + tenantClaim + "'");
        }
        TenantId tenantId;
        try {
            tenantId = TenantId.of(tenantValue);
        } catch (PraetorException e) {
            throw unauthorized("the token's tenant is not a valid tenant id");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Object raw = claims.getClaim("roles");
        if (raw instanceof List<?> list) {
            for (Object r : list) {
                if (r instanceof String s) Role.fromWire(s).ifPresent(roles::add);
            }
        } else if (raw instanceof String s) {
            Role.fromWire(s).ifPresent(roles::add);
        }
        return new Principal(subject, tenantId, roles);
    }

    private static PraetorException unauthorized(String why) {
        return new PraetorException(ErrorCode.UNAUTHORIZED, why);
    }

    private record Issuer(DefaultJWTProcessor<SecurityContext> processor) {}

    private record IssuerKeys(JWKSource<SecurityContext> keys, Optional<String> audience) {}

    private static DefaultJWTProcessor<SecurityContext> processor(String issuer, JWKSource<SecurityContext> keys,
                                                                  Optional<String> audience, InstantSource clock) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
        Set<String> required = new HashSet<>(Set.of("sub", "exp", "iss"));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience.map(Set::of).orElse(null),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                required, Set.of()) {
            @Override
            protected Date currentTime() {
                // exp and nbf judged by the same clock as the verified-token cache
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /** Collects the trusted issuers. */
    public static final class Builder {
        private final String tenantClaim;
        private final Map<String, IssuerKeys> issuers = new LinkedHashMap<>();
        private InstantSource clock = InstantSource.system();
        private long maxCachedTokens = VerifiedTokens.DEFAULT_MAX_ENTRIES;

        private Builder(String tenantClaim) {
            this.tenantClaim = tenantClaim;
        }

        /** The clock {@code exp} and {@code nbf} are judged by (the system clock unless set). */
        public Builder clock(InstantSource clock) {
            this.clock = java.util.Objects.requireNonNull(clock);
            return this;
        }

        /** At most this many verified tokens are remembered (default 10,000). */
        Builder maxCachedTokens(long max) {
            this.maxCachedTokens = max;
            return this;
        }

        /** Trusts tokens of {@code issuer} signed by {@code publicKey}, for {@code audience}. */
        public Builder localIssuer(String issuer, JWK publicKey, String audience) {
            return issuer(issuer, new ImmutableJWKSet<>(new JWKSet(publicKey.toPublicJWK())), Optional.of(audience));
        }

        /** Trusts tokens of {@code issuer} signed by a key of {@code keys}, which may change (a JWKS). */
        Builder issuer(String issuer, JWKSource<SecurityContext> keys, Optional<String> audience) {
            issuers.put(issuer, new IssuerKeys(keys, audience));
            return this;
        }

        /**
         * Trusts an OIDC issuer: reads its discovery document now for the {@code jwks_uri}; its keys
         * are fetched on first use, cached, refreshed on an unknown {@code kid} and rate-limited.
         */
        public Builder oidcIssuer(URI issuer, Optional<String> audience) {
            URI jwks = discoverJwks(issuer);
            JWKSource<SecurityContext> source;
            try {
                source = JWKSourceBuilder.<SecurityContext>create(jwks.toURL())
                        .cache(TimeUnit.MINUTES.toMillis(15), TimeUnit.SECONDS.toMillis(5))
                        .rateLimited(TimeUnit.SECONDS.toMillis(10))
                        .refreshAheadCache(false)
                        .retrying(true)
                        .build();
            } catch (IOException e) {
                throw new PraetorException(ErrorCode.VALIDATION, "PRAETOR_OIDC_ISSUER: bad jwks_uri " + jwks);
            }
            issuer(stripSlash(issuer.toString()), source, audience);
            if (issuer.toString().endsWith("/")) {
                issuer(issuer.toString(), source, audience);
            }
            return this;
        }

        public JwtVerifier build() {
            return new JwtVerifier(this);
        }

        private static URI discoverJwks(URI issuer) {
            URI discovery = URI.create(stripSlash(issuer.toString()) + "/.well-known/openid-configuration");
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> res = client.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() != 200) {
                    throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                            "PRAETOR_OIDC_ISSUER: " + discovery + " answered " + res.statusCode());
                }
                Map<String, Object> doc = JSONObjectUtils.parse(res.body());
                Object jwks = doc.get("jwks_uri");
                if (!(jwks instanceof String s)) {
                    throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                            "PRAETOR_OIDC_ISSUER: the discovery document has no jwks_uri");
                }
                return URI.create(s);
            } catch (IOException | ParseException e) {
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                        "PRAETOR_OIDC_ISSUER: cannot read " + discovery + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted reading " + discovery);
            }
        }

        private static String stripSlash(String s) {
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
