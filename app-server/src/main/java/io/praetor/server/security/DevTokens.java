package io.praetor.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Mints dev-mode tokens with the local key; the server trusts this issuer only in dev mode. */
public final class DevTokens {
    /** The issuer and audience of dev tokens. */
    public static final String ISSUER = "urn:praetor:dev";
    public static final String AUDIENCE = "praetor";
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private final ECKey key;
    private final String tenantClaim;
    private final InstantSource clock;

    public DevTokens(ECKey key, String tenantClaim, InstantSource clock) {
        this.key = key;
        this.tenantClaim = tenantClaim;
        this.clock = clock;
    }

    public String mint(TenantId tenant, String subject, Set<Role> roles, Duration ttl) {
        if (roles.isEmpty()) throw new PraetorException(ErrorCode.VALIDATION, "at least one role is required");
        if (ttl.compareTo(MAX_TTL) > 0) throw new PraetorException(ErrorCode.VALIDATION, "ttl must be at most 30 days");
        if (subject.isBlank()) throw new PraetorException(ErrorCode.VALIDATION, "subject must not be blank");
        var now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim(tenantClaim, tenant.value())
                .claim("roles", roles.stream().map(Role::wireName).sorted().toList())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot sign dev token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    public static List<String> roleNames() {
        return java.util.Arrays.stream(Role.values()).map(Role::wireName).toList();
    }
}
