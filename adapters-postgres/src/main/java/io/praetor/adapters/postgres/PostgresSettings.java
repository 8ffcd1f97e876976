package io.praetor.adapters.postgres;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the database is and which role the application runs as.
 *
 * @param url a {@code jdbc:postgresql://…} URL
 * @param user the login that owns the schema and runs the migrations; the pool logs in as it too and
 *     then switches to {@code appRole}
 * @param appRole the non-owner role, without BYPASSRLS, that every application statement runs as;
 *     the migrations create it when it does not exist
 * @param maxPoolSize connections in the pool
 */
public record PostgresSettings(String url, String user, String password, String appRole, int maxPoolSize) {
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(appRole, "appRole");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new PraetorException(ErrorCode.VALIDATION, "the database url must start with jdbc:postgresql:");
        }
        // the role name ends up in SET ROLE and in the migrations' placeholders: keep it a plain identifier
        if (!ROLE.matcher(appRole).matches()) {
            throw new PraetorException(ErrorCode.VALIDATION, "the application role must match " + ROLE.pattern());
        }
        if (appRole.equals(user)) {
            throw new PraetorException(ErrorCode.VALIDATION,
                    "the application role must not be the login that owns the schema (row-level security would not apply)");
        }
        if (maxPoolSize < 1) {
            throw new PraetorException(ErrorCode.VALIDATION, "the pool needs at least one connection");
        }
    }

    public PostgresSettings(String url, String user, String password, String appRole) {
        this(url, user, password, appRole, 10);
    }
}
