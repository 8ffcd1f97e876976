package io.praetor.ports;

import java.util.Objects;
import java.util.Set;

/** Who is calling: subject and tenant from a verified token, with the roles it carries. */
public record Principal(String subject, TenantId tenant, Set<Role> roles) {
    /** The subject used for actions the system takes by itself (auto-approval, auto mode). */
    public static final String SYSTEM_SUBJECT = "system";

    public Principal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tenant, "tenant");
        if (subject.isBlank()) {
            throw new PraetorException(ErrorCode.VALIDATION, "principal subject must not be blank");
        }
        roles = Set.copyOf(roles);
    }

    public static Principal system(TenantId tenant) {
        return new Principal(SYSTEM_SUBJECT, tenant, Set.of(Role.ADMIN));
    }

    public boolean has(Role required) {
        return roles.stream().anyMatch(r -> r.grants(required));
    }
}
