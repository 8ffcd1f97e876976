package io.praetor.ports;

import java.util.Locale;
import java.util.Optional;

/** Roles stack: viewer ⊂ operator, viewer ⊂ approver, admin ⊇ all. */
public enum Role {
    VIEWER, OPERATOR, APPROVER, ADMIN;

    /** True when holding this role grants {@code required}. */
    public boolean grants(Role required) {
        return switch (this) {
            case ADMIN -> true;
            case OPERATOR -> required == OPERATOR || required == VIEWER;
            case APPROVER -> required == APPROVER || required == VIEWER;
            case VIEWER -> required == VIEWER;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
