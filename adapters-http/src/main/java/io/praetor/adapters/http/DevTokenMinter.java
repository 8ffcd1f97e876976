package io.praetor.adapters.http;

import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import java.time.Duration;
import java.util.Set;

/** Mints dev-mode tokens for {@code POST /api/v1/dev/token}; the server provides it only in dev mode. */
@FunctionalInterface
public interface DevTokenMinter {
    String mint(TenantId tenant, String subject, Set<Role> roles, Duration ttl);
}
