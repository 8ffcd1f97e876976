package io.praetor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

    @Test
    void signingKeyFile_isCreatedOnceAndReadBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/signing-key.jwk");
        var first = SigningKeyFile.loadOrCreate(file);
        var second = SigningKeyFile.loadOrCreate(file);
        assertThat(second.toJSONString()).isEqualTo(first.toJSONString());
        assertThat(first.isPrivate()).isTrue();
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void devToken_carriesTenantRolesAndExpiryAndVerifiesWithThePublicKey() throws Exception {
        var key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        String jwt = new DevTokens(key, "tid", InstantSource.fixed(now))
                .mint(TenantId.of("acme"), "alice", Set.of(Role.OPERATOR, Role.VIEWER), Duration.ofMinutes(15));
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(parsed.getHeader().getKeyID()).isEqualTo(key.getKeyID());
        var claims = parsed.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("tid")).isEqualTo("acme");
        assertThat(claims.getStringListClaim("roles")).containsExactly("operator", "viewer");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(now.plusSeconds(900));
        assertThat(claims.getIssuer()).isEqualTo(DevTokens.ISSUER);
    }

    @Test
    void tokenCommand_rejectsAnUnknownRoleWithExitTwo() {
        var run = CliTestSupport.run("token", "--tenant", "acme", "--role", "boss");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown role 'boss'");
    }
}
