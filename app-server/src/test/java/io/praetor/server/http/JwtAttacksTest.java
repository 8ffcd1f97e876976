package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import io.praetor.server.testing.TestServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens from a real OIDC issuer (mock-oauth2-server in this JVM) and dev tokens are accepted; every forgery is a 401 problem. */
class JwtAttacksTest {
    private static final String AUDIENCE = "praetor-api";
    private static MockOAuth2Server issuer;
    private static TestServer api;
    private static ECKey devKey;
    private static String issuerUrl;

    @BeforeAll
    static void start() throws Exception {
        issuer = new MockOAuth2Server();
        issuer.start(InetAddress.getByName("127.0.0.1"), 0);
        issuerUrl = issuer.issuerUrl("acme-idp").toString();
        api = TestServer.start(Map.of("PRAETOR_OIDC_ISSUER", issuerUrl, "PRAETOR_OIDC_AUDIENCE", AUDIENCE,
                "PRAETOR_DEV_MODE", "true"));
        devKey = SigningKeyFile.loadOrCreate(api.dataDir.resolve("signing-key.jwk"));
    }

    @AfterAll
    static void stop() {
        api.close();
        issuer.shutdown();
    }

    private static String oidcToken(Map<String, Object> claims, long expirySeconds) {
        return issuer.issueToken("acme-idp", "carol", AUDIENCE, claims, expirySeconds).serialize();
    }

    @Test
    void oidcToken_fromTheRealIssuerIsAccepted() {
        String token = oidcToken(Map.of("tid", "acme", "roles", List.of("viewer")), 600);
        var r = api.get("/api/v1/metrics", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).containsEntry("tenant", "acme");
    }

    @Test
    void devToken_isAcceptedInDevMode() {
        assertThat(api.get("/api/v1/metrics", api.token("acme", "dev", Role.VIEWER)).status()).isEqualTo(200);
    }

    @Test
    void oidcToken_withoutTheRoleIsForbiddenNotUnauthorized() {
        String token = oidcToken(Map.of("tid", "acme", "roles", List.of("viewer")), 600);
        var r = api.post("/api/v1/scans", token, "{}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json()).containsEntry("type", "https://praetor.dev/problems/forbidden");
    }

    static Stream<Arguments> forgeries() throws Exception {
        Instant now = Instant.now();
        String validOidc = oidcToken(Map.of("tid", "acme", "roles", List.of("viewer")), 600);
        JWTClaimsSet devClaims = new JWTClaimsSet.Builder().issuer(DevTokens.ISSUER).audience(DevTokens.AUDIENCE)
                .subject("mallory").claim("tid", "acme").claim("roles", List.of("admin"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();

        PlainJWT none = new PlainJWT(devClaims);

        String publicJwks = new String(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(issuer.jwksUrl("acme-idp").toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder(devClaims)
                .issuer(issuerUrl).audience(AUDIENCE).build());
        hs.sign(new MACSigner(publicJwks.getBytes(StandardCharsets.UTF_8)));

        DevTokens past = new DevTokens(devKey, "tid", InstantSource.fixed(now.minus(Duration.ofHours(3))));
        String expired = past.mint(TenantId.of("acme"), "mallory", Set.of(Role.ADMIN), Duration.ofHours(1));
        DevTokens future = new DevTokens(devKey, "tid", InstantSource.fixed(now.plus(Duration.ofHours(1))));
        String notYetValid = future.mint(TenantId.of("acme"), "mallory", Set.of(Role.ADMIN), Duration.ofHours(1));

        String wrongIss = signWithDevKey(new JWTClaimsSet.Builder(devClaims).issuer("urn:someone-else").build());
        String wrongAud = signWithDevKey(new JWTClaimsSet.Builder(devClaims).audience("another-api").build());

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("unknown-kid").generate();
        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("unknown-kid").build(),
                new JWTClaimsSet.Builder(devClaims).issuer(issuerUrl).audience(AUDIENCE).build());
        unknownKid.sign(new ECDSASigner(stranger));

        String[] parts = validOidc.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        // (the mock issuer always adds a tid claim of its own, so this one is signed with the dev key)
        JWTClaimsSet withoutTenant = new JWTClaimsSet.Builder().issuer(DevTokens.ISSUER).audience(DevTokens.AUDIENCE)
                .subject("mallory").claim("roles", List.of("admin"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
        String noTenant = signWithDevKey(withoutTenant);
        String oidcExpired = oidcToken(Map.of("tid", "acme", "roles", List.of("admin")), -600);

        return Stream.of(
                Arguments.of("alg none", none.serialize()),
                Arguments.of("HS256 keyed with the issuer's public key", hs.serialize()),
                Arguments.of("expired dev token", expired),
                Arguments.of("expired OIDC token", oidcExpired),
                Arguments.of("not yet valid", notYetValid),
                Arguments.of("wrong issuer", wrongIss),
                Arguments.of("wrong audience", wrongAud),
                Arguments.of("unknown kid", unknownKid.serialize()),
                Arguments.of("tampered payload", tampered),
                Arguments.of("missing tenant", noTenant),
                Arguments.of("not a JWT", "garbage"));
    }

    private static String signWithDevKey(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(devKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(devKey));
        return jwt.serialize();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void forgedToken_isUnauthorizedProblem(String name, String token) {
        var r = api.get("/api/v1/metrics", token);
        assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json()).containsEntry("type", "https://praetor.dev/problems/unauthorized").containsEntry("status", 401L);
        assertThat(r.headers().first("WWW-Authenticate")).contains("Bearer");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void tokenInTheQueryString_isNotAccepted() {
        String token = api.token("acme", "dev", Role.VIEWER);
        assertThat(api.get("/api/v1/metrics?access_token=" + token, null).status()).isEqualTo(401);
    }
}
